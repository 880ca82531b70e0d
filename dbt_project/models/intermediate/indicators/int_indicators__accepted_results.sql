-- Grain: period_code, ward_code, measure_code: results that passed every error rule.
with

results as (
    select * from {{ ref('stg_unit_reports__indicator_results') }}
),

accepted_files as (
    select * from {{ ref('int_quality__accepted_files') }}
    where workbook_kind = 'unit_report'
),

final as (
    select
        results.file_period_code as period_code,
        results.file_sender_code as ward_code,
        results.measure_code,
        results.reported_target,
        results.actual_value,
        results.file_hash,
        results.source_file,
        results.sheet,
        results.row_number
    from results
    inner join accepted_files on results.file_hash = accepted_files.file_hash
    where {{ is_accepted_row('results') }}
    -- An exact duplicate keeps its first row; two different rows for one measure keep the first too.
    qualify row_number() over (
        partition by results.file_period_code, results.file_sender_code, results.measure_code
        order by results.row_number
    ) = 1
)

select * from final
