-- Grain: period_code, block_code, unit_code: the live covenant results (mart_covenant_scores
-- shows them, or a published period's announced ones). The recomputed total and rank are used;
-- the reported ones stand beside them.
with

ranked as (
    select * from {{ ref('int_covenants__ranked') }}
),

final as (
    select
        period_code,
        block_code,
        unit_code,
        unit_name,
        criteria_score,
        bonus,
        penalty,
        total_score,
        max_score,
        rank_in_block,
        reported_total,
        reported_rank,
        rank_in_block = 1 as is_leading_unit,
        reported_total is not null and round(reported_total, 6) <> round(total_score, 6)
            as has_total_mismatch,
        reported_rank is not null and reported_rank <> rank_in_block as has_rank_mismatch,
        source_file,
        source_sheet,
        source_row
    from ranked
)

select * from final
