-- Grain: one reporting period (period_code), as the registry of its own year gives it; the
-- reports and the portal name and order periods from here.
with

periods as (
    select * from {{ ref('int_registry__periods') }}
),

final as (
    select
        period_code,
        period_name,
        start_date,
        end_date,
        deadline,
        period_year,
        registry_year
    from periods
)

select * from final
