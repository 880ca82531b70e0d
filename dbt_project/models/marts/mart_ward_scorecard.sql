-- Grain: period_code, ward_code. An indicator is achieved when all its measures are;
-- a measure missing or quarantined is not achieved. Ranks share ties (1, 2, 2, 4).
with

results as (
    select * from {{ ref('mart_indicator_results') }}
),

indicators as (
    select
        period_code,
        ward_code,
        ward_name,
        indicator_code,
        bool_and(is_achieved) as is_indicator_achieved
    from results
    group by all
),

per_ward as (
    select
        period_code,
        ward_code,
        ward_name,
        count(*) as indicators_total,
        count(*) filter (where is_indicator_achieved) as indicators_achieved
    from indicators
    group by all
),

final as (
    select
        *,
        rank() over (partition by period_code order by indicators_achieved desc) as rank_in_city,
        indicators_achieved = indicators_total as has_achieved_all
    from per_ward
)

select * from final
