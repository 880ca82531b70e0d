-- Grain: period_code, ward_code, measure_code for every ward whose report was accepted:
-- every catalog measure judged against the city's assigned target, with the cell it came
-- from and last year's value. The judging is int_indicators__judged (the award rules read it).
with

judged as (
    select * from {{ ref('int_indicators__judged') }}
),

final as (
    select * from judged
)

select * from final
