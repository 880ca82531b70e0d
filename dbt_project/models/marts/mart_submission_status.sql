-- Grain: period_code, sender_code, workbook_kind: who sent what, when, how late, how many versions.
with

expected as (
    select * from {{ ref('int_submissions__expected') }}
),

final as (
    select * from expected
)

select * from final
