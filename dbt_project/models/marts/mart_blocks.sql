-- Grain: one emulation block and year (block_code, year), from that year's registry.
with

blocks as (
    select * from {{ ref('int_registry__blocks') }}
),

final as (
    select * from blocks
)

select * from final
