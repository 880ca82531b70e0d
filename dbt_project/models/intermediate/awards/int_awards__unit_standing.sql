-- Grain: one unit and year (unit_code, year): what the Cờ thi đua rules read, from the
-- year's annual period (the one running 1 January to 31 December, or coded YYYY-FY): the
-- unit's city block, its recomputed rank there, and how many indicators it achieved.
with

periods as (
    select * from {{ ref('int_registry__periods') }}
),

blocks as (
    select * from {{ ref('int_registry__blocks') }}
    where {{ fold_text('block_level') }} = 'thanh pho'
),

members as (
    select * from {{ ref('int_registry__block_members') }}
),

ranked as (
    select * from {{ ref('int_covenants__ranked') }}
),

judged as (
    select * from {{ ref('int_indicators__judged') }}
),

annual as (
    select period_code, {{ period_year('period_code') }} as year
    from periods
    where period_code like '____-FY'
        or (month(start_date) = 1 and day(start_date) = 1
            and end_date = make_date(year(start_date), 12, 31))
    qualify row_number() over (partition by {{ period_year('period_code') }} order by period_code) = 1
),

block_standing as (
    select
        members.unit_code,
        members.year,
        members.block_code as city_block_code,
        ranked.rank_in_block,
        count(ranked.unit_code) over (partition by members.block_code, members.year)
            as block_scored_members
    from members
    inner join blocks on members.block_code = blocks.block_code and members.year = blocks.year
    inner join annual on members.year = annual.year
    left join ranked
        on members.block_code = ranked.block_code
        and members.unit_code = ranked.unit_code
        and annual.period_code = ranked.period_code
    -- a unit in two city blocks the same year stands where it ranks best
    qualify row_number() over (
        partition by members.unit_code, members.year order by ranked.rank_in_block nulls last
    ) = 1
),

indicators as (
    select ward_code as unit_code, annual.year, indicator_code, bool_and(is_achieved) as achieved
    from judged
    inner join annual on judged.period_code = annual.period_code
    group by all
),

indicator_standing as (
    select
        unit_code,
        year,
        count(*) as indicators_total,
        count(*) filter (where achieved) as indicators_achieved
    from indicators
    group by all
),

final as (
    select
        coalesce(block_standing.unit_code, indicator_standing.unit_code) as unit_code,
        coalesce(block_standing.year, indicator_standing.year) as year,
        annual.period_code as annual_period_code,
        block_standing.city_block_code,
        block_standing.rank_in_block,
        block_standing.block_scored_members,
        indicator_standing.indicators_total,
        indicator_standing.indicators_achieved
    from block_standing
    full join indicator_standing
        on block_standing.unit_code = indicator_standing.unit_code
        and block_standing.year = indicator_standing.year
    left join annual on coalesce(block_standing.year, indicator_standing.year) = annual.year
)

select * from final
