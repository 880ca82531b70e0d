-- Grain: one proposal (file_hash, sheet, row_number) of an award the city decides, with
-- every fact a rule reads: the row's own cells, which of them its sheet carries, the key
-- the award history knows the nominee by, and for a unit its city block rank and
-- indicators in the award year.
with

proposals as (
    select * from {{ ref('int_awards__proposals') }}
),

catalog as (
    select * from {{ ref('award_catalog') }}
),

standing as (
    select * from {{ ref('int_awards__unit_standing') }}
),

final as (
    select
        proposals.file_hash,
        proposals.sheet,
        proposals.row_number,
        proposals.year,
        proposals.award_code,
        proposals.nominee_type,
        proposals.rating,
        proposals.rating_rank,
        proposals.carries_rating,
        proposals.has_initiative,
        proposals.initiative_level,
        proposals.initiative_rank,
        proposals.carries_initiative,
        proposals.history_key,
        proposals.unit_code,
        standing.annual_period_code,
        standing.city_block_code,
        standing.rank_in_block,
        standing.block_scored_members,
        standing.indicators_total,
        standing.indicators_achieved
    from proposals
    inner join catalog on proposals.award_code = catalog.award_code and catalog.decided_here
    left join standing
        on proposals.unit_code = standing.unit_code and proposals.year = standing.year
)

select * from final
