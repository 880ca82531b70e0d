-- Grain: block_code, year, unit_code of the current registry.
with

members as (
    select * from {{ ref('stg_registry__block_members') }}
),

current_registry as (
    select * from {{ ref('int_registry__current') }}
),

final as (
    select distinct members.block_code, members.year, members.unit_code
    from members
    inner join current_registry on members.file_hash = current_registry.file_hash
    where not members.has_error and not members.is_duplicate
)

select * from final
