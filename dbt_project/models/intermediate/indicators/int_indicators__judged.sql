-- Grain: period_code, ward_code, measure_code for every ward whose report was accepted:
-- every measure of the period's own year's catalog, judged against the target that year's
-- registry assigned (not the one the ward typed), with last year's value of the same period.
with

periods as (
    select * from {{ ref('int_registry__periods') }}
),

mergers as (
    select * from {{ ref('int_registry__unit_mergers') }}
),

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
    select distinct
        accepted_files.period_code,
        accepted_files.sender_code as ward_code,
        periods.registry_year,
        periods.end_date
    from accepted_files
    inner join periods on accepted_files.period_code = periods.period_code
),

ward_measures as (
    select
        reporting_wards.period_code,
        reporting_wards.ward_code,
        reporting_wards.end_date as period_end_date,
        wards.unit_name as ward_name,
        measures.* exclude (registry_year),
        reporting_wards.registry_year
    from reporting_wards
    inner join wards
        on reporting_wards.ward_code = wards.unit_code
        and reporting_wards.registry_year = wards.registry_year
    inner join measures on reporting_wards.registry_year = measures.registry_year
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
        and ward_measures.registry_year = targets.registry_year
    left join results
        on ward_measures.period_code = results.period_code
        and ward_measures.ward_code = results.ward_code
        and ward_measures.measure_code = results.measure_code
    left join result_columns
        on results.file_hash = result_columns.file_hash
        and results.sheet = result_columns.sheet
),

-- Last year's row of the same measure and kind of period (2026-H1 → 2025-H1): the ward's own,
-- else, for a renamed ward, its one old code's. A ward merged from several has none before
-- the merger took effect: their figures are never summed (CONTRACT.md section 2).
previous_rows as (
    select
        judged.period_code,
        judged.ward_code,
        judged.measure_code,
        previous.actual_value,
        previous.is_achieved
    from judged
    inner join periods as previous_period
        on judged.period_code not like 'SY%'
        and previous_period.period_code
            = cast(cast(left(judged.period_code, 4) as integer) - 1 as varchar)
            || substr(judged.period_code, 5)
    left join mergers as renames
        on judged.ward_code = renames.new_code and renames.is_rename
    left join (
        select new_code, min(effective_date) as effective_date
        from mergers
        where not is_rename
        group by new_code
    ) as merged
        on judged.ward_code = merged.new_code
    inner join judged as previous
        on previous.period_code = previous_period.period_code
        and judged.measure_code = previous.measure_code
        and previous.ward_code in (judged.ward_code, renames.old_code)
    -- a merged ward's own figures count from the merger on (with no date: never)
    where merged.new_code is null or previous_period.end_date >= merged.effective_date
    qualify row_number() over (
        partition by judged.period_code, judged.ward_code, judged.measure_code
        order by previous.ward_code = judged.ward_code desc
    ) = 1
),

final as (
    select
        judged.*,
        previous_rows.actual_value as previous_actual_value,
        judged.actual_value - previous_rows.actual_value as actual_change,
        previous_rows.is_achieved as was_achieved_previous_year
    from judged
    left join previous_rows
        on judged.period_code = previous_rows.period_code
        and judged.ward_code = previous_rows.ward_code
        and judged.measure_code = previous_rows.measure_code
)

select * from final
