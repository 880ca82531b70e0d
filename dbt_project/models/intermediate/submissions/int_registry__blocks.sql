-- Grain: one emulation block (block_code, year) with its members counted.
with

blocks as (
    select * from {{ ref('stg_registry__blocks') }}
),

members as (
    select * from {{ ref('stg_registry__block_members') }}
),

current_registry as (
    select * from {{ ref('int_registry__current') }}
),

current_members as (
    select members.block_code, members.year, count(distinct members.unit_code) as members_count
    from members
    inner join current_registry on members.file_hash = current_registry.file_hash
    where not members.has_error and not members.is_duplicate
    group by all
),

final as (
    select
        blocks.block_code,
        blocks.year,
        any_value(blocks.block_name) as block_name,
        any_value(blocks.block_level) as block_level,
        any_value(blocks.owner_code) as owner_code,
        any_value(blocks.leader_code) as leader_code,
        any_value(blocks.deputy_code) as deputy_code,
        coalesce(any_value(current_members.members_count), 0) as members_count
    from blocks
    inner join current_registry on blocks.file_hash = current_registry.file_hash
    left join current_members
        on blocks.block_code = current_members.block_code and blocks.year = current_members.year
    where not blocks.has_error and not blocks.is_duplicate
    group by blocks.block_code, blocks.year
)

select * from final
