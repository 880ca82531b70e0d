-- Grain: period_code, block_code, unit_code: each member's recomputed total ranked in its
-- block. Equal totals share a rank (1, 2, 2, 4). The Cờ thi đua rules read this rank.
with

scores as (
    select * from {{ ref('int_covenants__scores') }}
),

final as (
    select
        *,
        rank() over (partition by period_code, block_code order by total_score desc)
            as rank_in_block
    from scores
)

select * from final
