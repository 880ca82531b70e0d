-- Grain: one problem (issue_id): a rule broken by a file, a row or a cell, or a report not sent.
-- Messages are written for the sender to act on.
with

files as (
    select * from {{ ref('int_files__versions') }}
),

parse_issues as (
    select * from {{ source('quality', 'parse_issues') }}
),

gx_issues as (
    select * from {{ source('quality', 'gx_issues') }}
),

row_rules as (
    select * from {{ ref('int_quality__row_rules') }}
),

file_rules as (
    select * from {{ ref('int_quality__file_rules') }}
),

block_members as (
    select * from {{ ref('int_quality__block_members') }}
),

proposal_files as (
    select * from {{ ref('int_awards__proposal_files') }}
),

covenants as (
    select * from {{ ref('int_covenants__results') }}
),

expected as (
    select * from {{ ref('int_submissions__expected') }}
),

awards as (
    select * from {{ ref('int_awards__judged') }}
),

award_names as (
    select * from {{ ref('int_awards__names') }}
),

granted as (
    select * from {{ ref('int_awards__granted') }}
),

award_people as (
    select year, person_key, count(distinct sender_code) as senders,
        string_agg(distinct sender_code, ', ' order by sender_code) as sender_codes
    from awards
    where person_key is not null and nominee_type = 'individual'
    group by all
),

indicator_results as (
    select * from {{ ref('int_indicators__judged') }}
),

raw_results as (
    select * from {{ ref('stg_unit_reports__indicator_results') }}
),

located as (
    select
        parse_issues.run_id, parse_issues.detected_at, parse_issues.rule_code,
        parse_issues.severity, parse_issues.file_hash, parse_issues.sheet,
        parse_issues.row_number, parse_issues.column_name, parse_issues.value,
        parse_issues.message
    from parse_issues
    union all
    select
        run_id, detected_at, rule_code, severity, file_hash, sheet, row_number, column_name,
        value, message
    from gx_issues
    union all
    select
        '{{ env_var("THIDUA_RUN_ID", "manual") }}', now(), rule_code, severity, file_hash, sheet, row_number,
        column_name, value, message
    from row_rules
    union all
    select
        '{{ env_var("THIDUA_RUN_ID", "manual") }}', now(), rule_code, severity, file_hash, null, null,
        column_name, value, message
    from file_rules
    union all
    select
        '{{ env_var("THIDUA_RUN_ID", "manual") }}', now(), rule_code, null, file_hash, sheet, null,
        column_name, value, message
    from block_members
    union all
    select
        '{{ env_var("THIDUA_RUN_ID", "manual") }}', now(), 'SONG_PROPOSALS_REPLACED', null, file_hash,
        sheet, null, null, source_file,
        'Danh sách đề nghị khen thưởng trong tệp này đã được thay bằng danh sách trong tệp gửi '
            || 'sau “' || used_file || '”; danh sách cũ chỉ được lưu trong lịch sử.'
    from proposal_files
    where not is_used
    union all
    select
        '{{ env_var("THIDUA_RUN_ID", "manual") }}', now(), 'DUNG_TOTAL_MISMATCH', null, files.file_hash,
        covenants.source_sheet, covenants.source_row, 'Tổng điểm',
        {{ vn_number('covenants.reported_total') }},
        'Tổng điểm ghi ' || {{ vn_number('covenants.reported_total') }} || ' nhưng cộng lại là '
            || {{ vn_number('covenants.total_score') }} || '; dùng tổng điểm tính lại.'
    from covenants
    inner join files on covenants.source_file = files.source_file
    where covenants.has_total_mismatch
    union all
    select
        '{{ env_var("THIDUA_RUN_ID", "manual") }}', now(), 'DUNG_RANK_MISMATCH', null, files.file_hash,
        covenants.source_sheet, covenants.source_row, 'Xếp hạng',
        cast(covenants.reported_rank as varchar),
        'Xếp hạng ghi ' || covenants.reported_rank || ' nhưng theo tổng điểm tính lại là '
            || covenants.rank_in_block || '; dùng xếp hạng tính lại.'
            -- a member quarantined by an error is not ranked, so the others move up
            || case when quarantined.file_hash is not null
                then ' Xếp hạng tính lại không gồm thành viên có dòng bị cách ly vì lỗi '
                    || '(xem lỗi của dòng đó).'
                else '' end
    from covenants
    inner join files on covenants.source_file = files.source_file
    left join (
        select distinct file_hash, sheet from {{ ref('int_quality__rejected_rows') }}
    ) as quarantined
        on files.file_hash = quarantined.file_hash
        and covenants.source_sheet = quarantined.sheet
    where covenants.has_rank_mismatch
    union all
    select
        '{{ env_var("THIDUA_RUN_ID", "manual") }}', now(), 'DUNG_AWARD_INELIGIBLE', null, file_hash,
        source_sheet, source_row, 'Danh hiệu/Hình thức đề nghị', award_name,
        'Đề nghị “' || award_name || '” cho ' || nominee_name || ' chưa đủ điều kiện: ' || reasons
    from awards
    where eligibility_status = 'ineligible'
    union all
    select
        '{{ env_var("THIDUA_RUN_ID", "manual") }}', now(), 'DUNG_AWARD_UNKNOWN', null, awards.file_hash,
        awards.source_sheet, awards.source_row, 'Danh hiệu/Hình thức đề nghị', awards.proposed_as,
        'Không nhận ra danh hiệu/hình thức “' || awards.proposed_as || '” (tên hoặc mã) của '
            || awards.nominee_name || '; gần nhất là “'
            || coalesce(award_names.closest_award_name, '?')
            || '”. Vui lòng ghi đúng tên danh hiệu/hình thức khen thưởng.'
    from awards
    left join award_names on awards.proposed_as = award_names.award_name
    where awards.award_code = 'unknown'
    union all
    select
        '{{ env_var("THIDUA_RUN_ID", "manual") }}', now(), 'DUNG_AWARD_UNKNOWN', null, granted.file_hash,
        granted.sheet, granted.row_number, 'Danh hiệu/Hình thức', granted.award_name,
        'Lịch sử khen thưởng: không nhận ra danh hiệu/hình thức “' || granted.award_name
            || '” của ' || granted.nominee_name || ' năm ' || granted.year
            || '; bản ghi này chưa được tính khi xét khen. Gần nhất là “'
            || coalesce(award_names.closest_award_name, '?') || '”.'
    from granted
    left join award_names on granted.award_name = award_names.award_name
    where granted.award_code is null
    union all
    select
        '{{ env_var("THIDUA_RUN_ID", "manual") }}', now(), 'SACH_PERSON_DUPLICATE', null, awards.file_hash,
        awards.source_sheet, awards.source_row, 'Họ và tên', awards.nominee_name,
        awards.nominee_name || ' được đề nghị khen năm ' || awards.year || ' bởi nhiều đơn vị ('
            || award_people.sender_codes || '); vui lòng thống nhất một đơn vị đề nghị.'
    from awards
    inner join award_people
        on awards.year = award_people.year and awards.person_key = award_people.person_key
    where award_people.senders > 1
),

with_files as (
    select
        located.*,
        files.period_code,
        files.sender_code,
        files.source_file
    from located
    left join files on located.file_hash = files.file_hash
),

missing_measures as (
    select
        '{{ env_var("THIDUA_RUN_ID", "manual") }}' as run_id, now() as detected_at,
        'DU_MEASURE_MISSING' as rule_code, null as severity,
        indicator_results.period_code, indicator_results.ward_code as sender_code,
        null as file_hash, null as source_file, 'KetQuaChiTieu' as sheet, null as row_number,
        'Mã chỉ tiêu' as column_name, indicator_results.measure_code as value,
        'Chưa báo cáo chỉ tiêu ' || indicator_results.measure_code || ' ('
            || indicator_results.measure_name || '); chỉ tiêu này được tính là chưa đạt.'
            as message
    from indicator_results
    left join raw_results
        on indicator_results.period_code = raw_results.file_period_code
        and indicator_results.ward_code = raw_results.file_sender_code
        and indicator_results.measure_code = raw_results.measure_code
        and raw_results.file_hash in (select file_hash from files where is_current)
    where raw_results.measure_code is null
),

missing_submissions as (
    select
        '{{ env_var("THIDUA_RUN_ID", "manual") }}', now(), 'DU_SUBMISSION_MISSING', null,
        period_code, sender_code, null, null, null, null, null, null,
        'Chưa nhận được '
            || case workbook_kind when 'unit_report' then 'báo cáo đơn vị' else 'báo cáo khối' end
            || ' kỳ ' || period_code || ' (hạn nộp ' || strftime(deadline, '%d/%m/%Y') || ').'
    from expected
    where not submitted
),

registry_missing as (
    -- no registry at all: nothing can be judged, every file's own outcome is still kept
    select
        '{{ env_var("THIDUA_RUN_ID", "manual") }}', now(), 'DU_REGISTRY_MISSING', null,
        null, null, null, null, null, null, null, null,
        'Chưa có danh mục của thành phố (tệp có các trang DonVi, DanhMucChiTieu, ChiTieuGiao, '
            || 'KyBaoCao) trong thư mục dữ liệu: không đối chiếu được đơn vị, kỳ và chỉ tiêu, '
            || 'nên chưa có bảng kết quả nào. Hãy đặt tệp danh mục vào thư mục rồi làm mới lại.'
    where not exists (select 1 from files where workbook_kind = 'registry' and not is_rejected)
),

unioned as (
    select
        run_id, detected_at, rule_code, severity, period_code, sender_code, file_hash,
        source_file, sheet, row_number, column_name, value, message
    from with_files
    union all
    select * from missing_measures
    union all
    select * from missing_submissions
    union all
    select * from registry_missing
),

final as (
    select
        md5(concat_ws('|', rule_code, period_code, sender_code, file_hash, source_file, sheet,
            cast(row_number as varchar), column_name, value, message)) as issue_id,
        run_id,
        detected_at,
        coalesce(catalog.dimension, 'dung') as dimension,
        rule_code,
        coalesce(catalog.severity, unioned.severity) as severity,
        period_code,
        sender_code,
        source_file,
        sheet,
        row_number,
        column_name,
        value,
        message,
        file_hash,
        catalog.title as rule_title,
        catalog.sender_action
    from unioned
    -- one catalog of rules (seeds/rule_catalog.csv) gives every issue its dimension and severity
    left join {{ ref('rule_catalog') }} as catalog using (rule_code)
    qualify row_number() over (partition by issue_id order by detected_at) = 1
)

select * from final
