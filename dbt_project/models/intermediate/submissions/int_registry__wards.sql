-- Grain: registry_year, unit_code: each year's registered units (a ward merged away is in
-- its last year's registry only; a ward created mid-year is in its first year's).
with

units as (
    select * from {{ ref('stg_registry__units') }}
    where not has_error and not is_duplicate
),

current_registry as (
    select * from {{ ref('int_registry__current') }}
),

final as (
    select
        current_registry.registry_year,
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
    group by all
)

select * from final
