-- Grain: one award already granted (nominee_key or unit code, award_code, year) from the
-- current registry's LichSuKhenThuong.
with

granted as (
    select * from {{ ref('int_awards__granted') }}
),

final as (
    select distinct nominee_key, award_code, year
    from granted
)

select * from final
