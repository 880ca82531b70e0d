-- Grain: one award already granted (nominee_key, award_code, year), from every year's
-- LichSuKhenThuong: a record sent twice, or in two years' registries, counts once.
with

granted as (
    select * from {{ ref('int_awards__granted') }}
),

final as (
    select distinct nominee_key, award_code, year
    from granted
    where nominee_key is not null and award_code is not null
)

select * from final
