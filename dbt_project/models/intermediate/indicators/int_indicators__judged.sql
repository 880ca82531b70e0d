-- Grain: period_code, ward_code, measure_code for every ward whose report was accepted:
-- every catalog measure, judged against the city's assigned target (not the one the ward typed).
with

accepted_files as (
    select * from {{ ref('int_quality__accepted_files') }}
    where workbook_kind = 'unit_report'
),

wards as (
    select * from {{ ref('int_registry__wards') }}
),

measures as (
    select * from {{ ref('int_registry__measures') }}
),

targets as (
    select * from {{ ref('int_registry__targets') }}
),

results as (
    select * from {{ ref('int_indicators__accepted_results') }}
),

result_columns as (
    select file_hash, sheet, column_letter
    from {{ source('raw', 'sheet_columns') }}
    where column_name = 'actual_value'
),

reporting_wards as (
    select distinct accepted_files.period_code, accepted_files.sender_code as ward_code
    from accepted_files
),

ward_measures as (
    select
        reporting_wards.period_code,
        reporting_wards.ward_code,
        wards.unit_name as ward_name,
        measures.*
    from reporting_wards
    inner join wards on reporting_wards.ward_code = wards.unit_code
    cross join measures
),

judged as (
    select
        ward_measures.period_code,
        ward_measures.ward_code,
        ward_measures.ward_name,
        ward_measures.indicator_code,
        ward_measures.measure_code,
        ward_measures.measure_name,
        ward_measures.unit,
        ward_measures.comparator,
        targets.target_value,
        results.reported_target,
        results.actual_value,
        {{ is_achieved('results.actual_value', 'targets.target_value', 'ward_measures.comparator') }}
            as is_achieved,
        results.actual_value is not null as is_reported,
        results.source_file,
        results.sheet as source_sheet,
        results.row_number as source_row,
        result_columns.column_letter || results.row_number as source_cell
    from ward_measures
    left join targets
        on ward_measures.ward_code = targets.unit_code
        and ward_measures.measure_code = targets.measure_code
        and {{ period_year('ward_measures.period_code') }} = targets.year
    left join results
        on ward_measures.period_code = results.period_code
        and ward_measures.ward_code = results.ward_code
        and ward_measures.measure_code = results.measure_code
    left join result_columns
        on results.file_hash = result_columns.file_hash
        and results.sheet = result_columns.sheet
),

final as (
    -- Year over year: the same period of the previous year (2026-H1 → 2025-H1), when loaded.
    select
        judged.*,
        previous.actual_value as previous_actual_value,
        judged.actual_value - previous.actual_value as actual_change,
        previous.is_achieved as was_achieved_previous_year
    from judged
    left join judged as previous
        on judged.ward_code = previous.ward_code
        and judged.measure_code = previous.measure_code
        and judged.period_code not like 'SY%'
        and previous.period_code
            = cast(cast(left(judged.period_code, 4) as integer) - 1 as varchar)
            || substr(judged.period_code, 5)
)

select * from final
