-- Grain: block_code, year, unit_code: a block's members that year, as the registry of that
-- year lists them (else the newest registry listing the block's members for that year):
-- members change from one year to the next.
with

members as (
    select * from {{ ref('stg_registry__block_members') }}
    where not has_error and not is_duplicate
),

current_registry as (
    select * from {{ ref('int_registry__current') }}
),

listing as (
    -- the registry that lists each block's members for each year
    select
        members.block_code,
        members.year,
        arg_max(
            members.file_hash,
            [
                coalesce(current_registry.registry_year = members.year, false)::integer,
                coalesce(current_registry.registry_year, 0)
            ]
        ) as file_hash
    from members
    inner join current_registry on members.file_hash = current_registry.file_hash
    group by all
),

final as (
    select distinct members.block_code, members.year, members.unit_code
    from members
    inner join listing
        on members.file_hash = listing.file_hash
        and members.block_code = listing.block_code
        and members.year = listing.year
)

select * from final
