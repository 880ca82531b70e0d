-- Grain: registry_year, year, unit_code, measure_code: the target the city assigned, as
-- each year's registry gives it.
with

targets as (
    select * from {{ ref('stg_registry__targets') }}
    where not has_error and not is_duplicate
),

current_registry as (
    select * from {{ ref('int_registry__current') }}
),

final as (
    select
        current_registry.registry_year,
        targets.year,
        targets.unit_code,
        targets.measure_code,
        any_value(targets.target_value) as target_value
    from targets
    inner join current_registry on targets.file_hash = current_registry.file_hash
    group by all
)

select * from final
