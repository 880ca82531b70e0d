-- Grain: block_code, year, unit_code: a block's members that year (members change yearly).
with

members as (
    select * from {{ ref('int_registry__block_members') }}
),

final as (
    select * from members
)

select * from final
