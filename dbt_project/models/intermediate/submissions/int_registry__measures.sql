-- Grain: one measure (measure_code) of the current registry's catalog.
with

measures as (
    select * from {{ ref('stg_registry__measures') }}
),

current_registry as (
    select * from {{ ref('int_registry__current') }}
),

final as (
    select
        measures.measure_code,
        any_value(measures.indicator_code) as indicator_code,
        any_value(measures.measure_name) as measure_name,
        any_value(measures.unit) as unit,
        any_value(measures.comparator) as comparator,
        any_value(measures.min_value) as min_value,
        any_value(measures.max_value) as max_value
    from measures
    inner join current_registry on measures.file_hash = current_registry.file_hash
    where not measures.has_error and not measures.is_duplicate
    group by measures.measure_code
)

select * from final
