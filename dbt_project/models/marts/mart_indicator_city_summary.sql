-- Grain: period_code, measure_code: how many wards reported and achieved each measure.
with

results as (
    select * from {{ ref('mart_indicator_results') }}
),

final as (
    select
        period_code,
        measure_code,
        any_value(indicator_code) as indicator_code,
        any_value(measure_name) as measure_name,
        count(*) filter (where is_reported) as wards_reporting,
        count(*) filter (where is_achieved) as wards_achieved,
        round(100.0 * count(*) filter (where is_achieved) / nullif(count(*), 0), 1)
            as achieved_pct
    from results
    group by period_code, measure_code
)

select * from final
