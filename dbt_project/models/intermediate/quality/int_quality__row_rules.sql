-- Grain: one rule broken by one sheet row (file_hash, sheet, row_number, rule_code).
-- Rules that need the registry; rules on a single cell are applied while reading.
with

results as (
    select * from {{ ref('stg_unit_reports__indicator_results') }}
    where not has_error and not is_duplicate
),

scores as (
    select * from {{ ref('stg_block_reports__scores') }}
    where not has_error and not is_duplicate
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

unknown_measure as (
    select
        results.file_hash, results.sheet, results.row_number,
        'DUNG_UNKNOWN_MEASURE' as rule_code,
        'Mã chỉ tiêu' as column_name,
        results.measure_code as value,
        'Mã chỉ tiêu “' || results.measure_code || '” không có trong danh mục chỉ tiêu của thành phố.'
            as message
    from results
    left join measures on results.measure_code = measures.measure_code
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
    inner join measures on results.measure_code = measures.measure_code
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
    left join units on scores.unit_code = units.unit_code
    where units.unit_code is null
),

unioned as (
    select * from unknown_measure
    union all select * from out_of_range
    union all select * from target_mismatch
    union all select * from unknown_member
),

final as (
    select
        unioned.*,
        case rule_code when 'DUNG_TARGET_MISMATCH' then 'warning' else 'error' end as severity
    from unioned
)

select * from final
