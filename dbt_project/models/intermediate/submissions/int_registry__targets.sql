-- Grain: year, unit_code, measure_code: the target the city assigned.
with

targets as (
    select * from {{ ref('stg_registry__targets') }}
),

current_registry as (
    select * from {{ ref('int_registry__current') }}
),

final as (
    select
        targets.year,
        targets.unit_code,
        targets.measure_code,
        any_value(targets.target_value) as target_value
    from targets
    inner join current_registry on targets.file_hash = current_registry.file_hash
    where not targets.has_error and not targets.is_duplicate
    group by all
)

select * from final
