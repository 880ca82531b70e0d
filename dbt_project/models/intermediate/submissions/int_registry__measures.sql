-- Grain: registry_year, measure_code: the indicator catalog of each year's registry
-- (a measure, its comparator and bounds can change from one year's plan to the next).
with

measures as (
    select * from {{ ref('stg_registry__measures') }}
    where not has_error and not is_duplicate
),

current_registry as (
    select * from {{ ref('int_registry__current') }}
),

final as (
    select
        current_registry.registry_year,
        measures.measure_code,
        any_value(measures.indicator_code) as indicator_code,
        any_value(measures.measure_name) as measure_name,
        any_value(measures.unit) as unit,
        any_value(measures.comparator) as comparator,
        any_value(measures.min_value) as min_value,
        any_value(measures.max_value) as max_value
    from measures
    inner join current_registry on measures.file_hash = current_registry.file_hash
    group by all
)

select * from final
