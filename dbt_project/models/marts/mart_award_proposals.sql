-- Grain: one proposal (file_hash, sheet, row_number), judged by the law's rules in force in its
-- year (int_awards__judged, which the quality issues read too).
with

judged as (
    select * from {{ ref('int_awards__judged') }}
),

final as (
    select * from judged
)

select * from final
