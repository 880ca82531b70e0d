-- Grain: one rule broken by one file (file_hash, rule_code): sender, period, timeliness, versions.
with

files as (
    select * from {{ ref('int_files__versions') }}
    where not is_rejected and workbook_kind in ('unit_report', 'award_proposals', 'block_report')
),

units as (
    select * from {{ ref('int_registry__wards') }}
),

blocks as (
    select distinct block_code from {{ ref('int_registry__blocks') }}
),

periods as (
    select * from {{ ref('int_registry__periods') }}
),

all_files as (
    -- a copy of any file, refused ones included, is told its outcome
    select * from {{ ref('int_files__versions') }}
),

sightings as (
    select
        file_hash,
        count(distinct path) as paths,
        string_agg(distinct '“' || path || '”', ', ') as path_list
    from {{ source('raw', 'file_sightings') }}
    group by file_hash
),

unknown_sender as (
    select
        files.file_hash, 'DUNG_UNKNOWN_SENDER' as rule_code,
        'Mã đơn vị / mã khối' as column_name, files.sender_code as value,
        'Mã “' || files.sender_code || '” trên trang ThongTin không có trong danh mục của thành phố; '
            || 'báo cáo chưa được tiếp nhận.' as message
    from files
    -- a unit is known to the registry of the report's period (any year's, when the period
    -- itself is unknown: that is its own error)
    left join periods on files.period_code = periods.period_code
    left join (select distinct registry_year, unit_code from units) as units
        on files.workbook_kind in ('unit_report', 'award_proposals')
        and files.sender_code = units.unit_code
        and units.registry_year is not distinct from coalesce(periods.registry_year, units.registry_year)
    left join blocks on files.workbook_kind = 'block_report' and files.sender_code = blocks.block_code
    where units.unit_code is null and blocks.block_code is null
    qualify row_number() over (partition by files.file_hash) = 1
),

unknown_period as (
    select
        files.file_hash, 'SONG_PERIOD_UNKNOWN' as rule_code,
        'Kỳ báo cáo' as column_name, files.period_code as value,
        'Kỳ báo cáo ' || files.period_code
            || ' không phải kỳ đang mở trong danh mục kỳ báo cáo của thành phố '
            || '(có thể gửi nhầm tệp của kỳ trước).' as message
    from files
    left join periods on files.period_code = periods.period_code
    where periods.period_code is null
),

late as (
    select
        files.file_hash, 'SONG_LATE' as rule_code,
        'Ngày báo cáo' as column_name, strftime(files.report_date, '%d/%m/%Y') as value,
        'Báo cáo gửi muộn ' || date_diff('day', periods.deadline, files.report_date)
            || ' ngày so với hạn nộp ' || strftime(periods.deadline, '%d/%m/%Y') || '.' as message
    from files
    inner join periods on files.period_code = periods.period_code
    where files.report_date > periods.deadline
),

superseded as (
    select
        files.file_hash, 'SONG_SUPERSEDED' as rule_code,
        null as column_name, files.source_file as value,
        'Đã có bản gửi mới hơn cho cùng kỳ; bản này chỉ được lưu trong lịch sử.' as message
    from files
    where not files.is_current
),

-- One registry a year, amended any time: the newer registry says which one it amends, the
-- older that it no longer judges the year.
registry_versions as (
    select
        *,
        lag(source_file) over by_year as amends_file,
        lead(source_file) over by_year as amended_by_file
    from {{ ref('int_files__versions') }}
    where workbook_kind = 'registry' and not is_rejected
    window by_year as (
        partition by registry_year
        order by report_date nulls first, modified_at, first_seen_at
    )
),

registry_amended as (
    select
        file_hash, 'SONG_REGISTRY_AMENDED' as rule_code,
        'Năm' as column_name, cast(registry_year as varchar) as value,
        case when is_current
            then 'Danh mục năm ' || registry_year || ' này sửa đổi bản đã nhận trước (“'
                || amends_file || '”): mọi kỳ báo cáo của năm ' || registry_year
                || ' được đánh giá theo bản này.'
            else 'Danh mục năm ' || registry_year || ' đã được sửa đổi bằng bản gửi sau (“'
                || amended_by_file || '”); bản này chỉ được lưu trong lịch sử.'
        end as message
    from registry_versions
    where registry_year is not null
        and ((is_current and amends_file is not null) or not is_current)
),

duplicate_copies as (
    select
        all_files.file_hash, 'SACH_FILE_DUPLICATE' as rule_code,
        null as column_name, all_files.source_file as value,
        'Tệp này được gửi ' || sightings.paths || ' lần với nội dung giống hệt nhau ('
            || sightings.path_list || '); chỉ đọc một lần'
            || case when all_files.is_rejected
                then ', và mọi bản đều không được tiếp nhận vì cùng lỗi của tệp.'
                else '.' end as message
    from all_files
    inner join sightings on all_files.file_hash = sightings.file_hash
    where sightings.paths > 1
),

unioned as (
    select * from unknown_sender
    union all select * from unknown_period
    union all select * from late
    union all select * from superseded
    union all select * from registry_amended
    union all select * from duplicate_copies
),

final as (
    -- the severity is the rule catalog's (seeds/rule_catalog.csv): an error refuses the file
    select unioned.file_hash, unioned.rule_code, catalog.severity, unioned.column_name,
        unioned.value, unioned.message
    from unioned
    inner join {{ ref('rule_catalog') }} as catalog using (rule_code)
)

select * from final
