-- Grain: one registered unit (unit_code) of the current registry.
with

units as (
    select * from {{ ref('stg_registry__units') }}
),

current_registry as (
    select * from {{ ref('int_registry__current') }}
),

final as (
    select
        units.unit_code,
        any_value(units.unit_name) as unit_name,
        any_value(units.unit_type) as unit_type,
        any_value(units.parent_code) as parent_code,
        any_value(units.parent_code) is null
            -- typed "phường", "PHƯỜNG" or "Phuong" in the registry
            and {{ fold_text('any_value(units.unit_type)') }} in ('phuong', 'xa', 'dac khu')
            as is_ward
    from units
    inner join current_registry on units.file_hash = current_registry.file_hash
    where not units.has_error and not units.is_duplicate
    group by units.unit_code
)

select * from final
