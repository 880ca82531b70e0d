-- Grain: old_code, new_code: every rename or merger any year's registry lists (SapNhapDonVi),
-- accumulated, with how many old codes the new unit has: one is a rename (last year's figures
-- and the unit's award history follow it), several a merger (figures never summed). A unit
-- that absorbs others and keeps its code is listed old = new, and counts as one of them.
with

mergers as (
    select * from {{ ref('stg_registry__unit_mergers') }}
    where not has_error
),

current_registry as (
    select * from {{ ref('int_registry__current') }}
),

pairs as (
    select mergers.old_code, mergers.new_code, min(mergers.effective_date) as effective_date
    from mergers
    inner join current_registry on mergers.file_hash = current_registry.file_hash
    group by all
),

final as (
    select
        *,
        count(*) over (partition by new_code) as old_codes,
        count(*) over (partition by new_code) = 1 as is_rename
    from pairs
)

select * from final
