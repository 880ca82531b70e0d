-- Grain: one emulation block (block_code, year) with its members counted, from the registry
-- of that year (else the newest that lists the block for that year).
with

blocks as (
    select * from {{ ref('stg_registry__blocks') }}
    where not has_error and not is_duplicate
),

members as (
    select * from {{ ref('int_registry__block_members') }}
),

current_registry as (
    select * from {{ ref('int_registry__current') }}
),

candidates as (
    select
        blocks.*,
        row_number() over (
            partition by blocks.block_code, blocks.year
            order by current_registry.registry_year = blocks.year desc nulls last,
                current_registry.registry_year desc nulls last, blocks.row_number
        ) as pick
    from blocks
    inner join current_registry on blocks.file_hash = current_registry.file_hash
),

member_counts as (
    select block_code, year, count(*) as members_count
    from members
    group by all
),

final as (
    select
        candidates.block_code,
        candidates.year,
        candidates.block_name,
        candidates.block_level,
        candidates.owner_code,
        candidates.leader_code,
        candidates.deputy_code,
        coalesce(member_counts.members_count, 0) as members_count
    from candidates
    left join member_counts
        on candidates.block_code = member_counts.block_code
        and candidates.year = member_counts.year
    where candidates.pick = 1
)

select * from final
