-- Grain: registry_year, measure_code: each year's indicator catalog (its comparator, unit
-- and plausible bounds), as the reports list the measures of a period's year.
with

measures as (
    select * from {{ ref('int_registry__measures') }}
),

final as (
    select * from measures
)

select * from final
