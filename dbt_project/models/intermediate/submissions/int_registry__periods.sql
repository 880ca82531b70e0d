-- Grain: one reporting period (period_code) with its deadline.
with

periods as (
    select * from {{ ref('stg_registry__periods') }}
),

current_registry as (
    select * from {{ ref('int_registry__current') }}
),

final as (
    select
        periods.period_code,
        any_value(periods.period_name) as period_name,
        any_value(periods.start_date) as start_date,
        any_value(periods.end_date) as end_date,
        any_value(periods.deadline) as deadline
    from periods
    inner join current_registry on periods.file_hash = current_registry.file_hash
    where not periods.has_error and not periods.is_duplicate
    group by periods.period_code
)

select * from final
