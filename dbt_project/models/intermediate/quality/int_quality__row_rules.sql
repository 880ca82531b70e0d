-- Grain: one rule broken by one sheet row, or by one cell of it (file_hash, sheet, row_number,
-- rule_code, column_name).
-- Rules that need the registry; rules on a single cell are applied while reading.
with

-- Each report is checked against the registry of its period's year (the newest registry when
-- the period is unknown: that is the file's own error).
periods as (
    select period_code, registry_year from {{ ref('int_registry__periods') }}
),

newest_registry as (
    select max(registry_year) as registry_year from {{ ref('int_registry__current') }}
),

results as (
    {{ with_registry_year(ref('stg_unit_reports__indicator_results')) }}
),

scores as (
    {{ with_registry_year(ref('stg_block_reports__scores')) }}
),

measures as (
    select * from {{ ref('int_registry__measures') }}
),

targets as (
    select * from {{ ref('int_registry__targets') }}
),

units as (
    select * from {{ ref('int_registry__wards') }}
),

block_members as (
    select * from {{ ref('int_registry__block_members') }}
),

-- The blocks and years the registry lists members for.
listed_blocks as (
    select distinct block_code, year from block_members
),

-- A block's criteria and their maximum, from the same file's TieuChi sheet.
criteria as (
    select file_hash, criterion_code, max(max_score) as max_score
    from {{ ref('stg_block_reports__criteria') }}
    where not has_error and not is_duplicate
    group by all
),

-- The score of each clean member row on each criterion column, with the column's letter
-- and the criterion's maximum (null when TieuChi does not list the code).
criterion_scores as (
    select
        criterion_scores.*,
        criterion_scores.criterion_code
            || coalesce(' (cột ' || letters.column_letter || ')', '') as column_label,
        criteria.criterion_code is not null as is_listed,
        criteria.max_score
    from {{ source('raw', 'block_criterion_scores') }} as criterion_scores
    inner join scores
        on criterion_scores.file_hash = scores.file_hash
        and criterion_scores.sheet = scores.sheet
        and criterion_scores.row_number = scores.row_number
    left join criteria
        on criterion_scores.file_hash = criteria.file_hash
        and criterion_scores.criterion_code = criteria.criterion_code
    left join (
        select file_hash, sheet, column_name, any_value(column_letter) as column_letter
        from {{ source('raw', 'sheet_columns') }}
        group by all
    ) as letters
        on criterion_scores.file_hash = letters.file_hash
        and criterion_scores.sheet = letters.sheet
        and criterion_scores.criterion_code = letters.column_name
),

unknown_measure as (
    select
        results.file_hash, results.sheet, results.row_number,
        'DUNG_UNKNOWN_MEASURE' as rule_code,
        'Mã chỉ tiêu' as column_name,
        results.measure_code as value,
        'Mã chỉ tiêu “' || results.measure_code || '” không có trong danh mục chỉ tiêu của thành phố.'
            as message
    from results
    left join measures
        on results.measure_code = measures.measure_code
        and results.registry_year is not distinct from measures.registry_year
    where measures.measure_code is null
),

out_of_range as (
    select
        results.file_hash, results.sheet, results.row_number,
        'DUNG_OUT_OF_RANGE' as rule_code,
        'Kết quả thực hiện' as column_name,
        {{ vn_number('results.actual_value') }} as value,
        'Kết quả ' || results.measure_code || ' = ' || {{ vn_number('results.actual_value') }}
            || ' nằm ngoài khoảng hợp lệ '
            || coalesce({{ vn_number('measures.min_value') }}, '…') || ' – '
            || coalesce({{ vn_number('measures.max_value') }}, '…')
            || '. Vui lòng kiểm tra lại số liệu.' as message
    from results
    inner join measures
        on results.measure_code = measures.measure_code
        and results.registry_year is not distinct from measures.registry_year
    where results.actual_value < measures.min_value or results.actual_value > measures.max_value
),

target_mismatch as (
    select
        results.file_hash, results.sheet, results.row_number,
        'DUNG_TARGET_MISMATCH' as rule_code,
        'Chỉ tiêu giao' as column_name,
        {{ vn_number('results.reported_target') }} as value,
        'Chỉ tiêu giao ' || results.measure_code || ' ghi ' || {{ vn_number('results.reported_target') }}
            || ' nhưng thành phố giao ' || {{ vn_number('targets.target_value') }}
            || '; kết quả được đánh giá theo chỉ tiêu thành phố giao.' as message
    from results
    inner join targets
        on results.file_sender_code = targets.unit_code
        and results.measure_code = targets.measure_code
        and {{ period_year('results.file_period_code') }} = targets.year
        and results.registry_year is not distinct from targets.registry_year
    where results.reported_target is not null
        and round(results.reported_target, 6) <> round(targets.target_value, 6)
),

unknown_member as (
    select
        scores.file_hash, scores.sheet, scores.row_number,
        'DUNG_UNKNOWN_UNIT' as rule_code,
        'Mã đơn vị' as column_name,
        scores.unit_code as value,
        'Mã đơn vị “' || scores.unit_code || '” không có trong danh mục đơn vị của thành phố.'
            as message
    from scores
    left join units
        on scores.unit_code = units.unit_code
        and scores.registry_year is not distinct from units.registry_year
    where units.unit_code is null
),

-- A registered unit scored by a block the registry does not list it in, that year (when
-- the registry lists the block's members at all).
not_a_member as (
    select
        scores.file_hash, scores.sheet, scores.row_number,
        'DUNG_NOT_BLOCK_MEMBER' as rule_code,
        'Mã đơn vị' as column_name,
        scores.unit_code as value,
        'Đơn vị “' || scores.unit_code || '” không phải thành viên khối '
            || listed.block_code || ' năm ' || listed.year
            || ' theo danh mục của thành phố; điểm của đơn vị này không được xếp hạng trong khối.'
            as message
    from scores
    inner join units
        on scores.unit_code = units.unit_code
        and scores.registry_year is not distinct from units.registry_year
    inner join listed_blocks as listed
        on scores.file_sender_code = listed.block_code
        and {{ period_year('scores.file_period_code') }} = listed.year
    left join block_members
        on listed.block_code = block_members.block_code
        and listed.year = block_members.year
        and scores.unit_code = block_members.unit_code
    where block_members.unit_code is null
),

score_out_of_range as (
    select
        criterion_scores.file_hash, criterion_scores.sheet, criterion_scores.row_number,
        'DUNG_OUT_OF_RANGE' as rule_code,
        criterion_scores.column_label as column_name,
        {{ vn_number('criterion_scores.score') }} as value,
        'Điểm tiêu chí ' || criterion_scores.criterion_code || ' là '
            || {{ vn_number('criterion_scores.score') }} || ', ngoài khoảng 0 đến '
            || {{ vn_number('criterion_scores.max_score') }}
            || ' (điểm tối đa của tiêu chí trên trang TieuChi).' as message
    from criterion_scores
    where criterion_scores.is_listed
        and (criterion_scores.score < 0 or criterion_scores.score > criterion_scores.max_score)
),

-- A score column whose code the TieuChi sheet does not list: its maximum is unknown.
unknown_criterion as (
    select
        criterion_scores.file_hash, criterion_scores.sheet, criterion_scores.row_number,
        'DUNG_UNKNOWN_CRITERION' as rule_code,
        criterion_scores.column_label as column_name,
        {{ vn_number('criterion_scores.score') }} as value,
        'Cột điểm ' || criterion_scores.criterion_code
            || ' không có trong trang TieuChi của khối, nên không kiểm tra được điểm tối đa. '
            || 'Vui lòng thêm tiêu chí vào trang TieuChi hoặc sửa mã ở dòng tiêu đề.' as message
    from criterion_scores
    where not criterion_scores.is_listed
        and criterion_scores.score is not null
        and criterion_scores.file_hash in (select file_hash from criteria)
),

-- The criteria a file's score sheet has a column for.
scored_criteria as (
    select distinct file_hash, criterion_code from criterion_scores
),

-- Every clean member row with every criterion its file's TieuChi lists, and whether the
-- score sheet has a column for that criterion at all.
member_criteria as (
    select
        scores.file_hash, scores.sheet, scores.row_number, scores.unit_code,
        criteria.criterion_code,
        scored_criteria.criterion_code is not null as has_column
    from scores
    inner join criteria on scores.file_hash = criteria.file_hash
    left join scored_criteria
        on criteria.file_hash = scored_criteria.file_hash
        and criteria.criterion_code = scored_criteria.criterion_code
),

-- Every member is scored on every criterion; a blank counts as 0 in the recomputed total.
criterion_unscored as (
    select
        member_criteria.file_hash, member_criteria.sheet, member_criteria.row_number,
        'DU_CRITERION_UNSCORED' as rule_code,
        coalesce(criterion_scores.column_label, member_criteria.criterion_code) as column_name,
        null as value,
        'Đơn vị ' || member_criteria.unit_code || ' chưa được chấm điểm tiêu chí '
            || member_criteria.criterion_code
            || '; tổng điểm tính lại coi tiêu chí này là 0 điểm.' as message
    from member_criteria
    left join criterion_scores
        on member_criteria.file_hash = criterion_scores.file_hash
        and member_criteria.sheet = criterion_scores.sheet
        and member_criteria.row_number = criterion_scores.row_number
        and member_criteria.criterion_code = criterion_scores.criterion_code
    where member_criteria.has_column and criterion_scores.score is null
),

-- A criterion TieuChi lists but the score sheet has no column for: said once, not for
-- every member.
criterion_column_missing as (
    select
        file_hash, any_value(sheet) as sheet, null as row_number,
        'DU_CRITERION_UNSCORED' as rule_code,
        criterion_code as column_name,
        null as value,
        'Trang chấm điểm không có cột cho tiêu chí ' || criterion_code
            || ' (có ở trang TieuChi): tổng điểm tính lại coi tiêu chí này là 0 điểm với mọi '
            || 'đơn vị. Vui lòng thêm cột ' || criterion_code || '.' as message
    from member_criteria
    where not has_column
    group by file_hash, criterion_code
),

unioned as (
    select * from unknown_measure
    union all select * from out_of_range
    union all select * from target_mismatch
    union all select * from unknown_member
    union all select * from not_a_member
    union all select * from score_out_of_range
    union all select * from unknown_criterion
    union all select * from criterion_unscored
    union all select * from criterion_column_missing
),

final as (
    -- the severity is the rule catalog's (seeds/rule_catalog.csv): an error keeps the row out
    select unioned.*, catalog.severity
    from unioned
    inner join {{ ref('rule_catalog') }} as catalog using (rule_code)
)

select * from final
