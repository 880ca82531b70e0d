-- Grain: period_code, block_code, unit_code: recomputed totals (criteria + bonus - penalty).
with

accepted_files as (
    select * from {{ ref('int_quality__accepted_files') }}
    where workbook_kind = 'block_report'
),

members as (
    select * from {{ ref('stg_block_reports__scores') }}
),

criterion_scores as (
    select * from {{ source('raw', 'block_criterion_scores') }}
),

criteria as (
    select * from {{ ref('stg_block_reports__criteria') }}
    where not has_error and not is_duplicate
),

max_scores as (
    select file_hash, sum(max_score) as max_score
    from criteria
    group by file_hash
),

criteria_totals as (
    select file_hash, sheet, row_number, sum(coalesce(score, 0)) as criteria_score
    from criterion_scores
    group by all
),

final as (
    select
        accepted_files.period_code,
        accepted_files.sender_code as block_code,
        members.unit_code,
        members.unit_name,
        criteria_totals.criteria_score,
        coalesce(members.bonus, 0) as bonus,
        coalesce(members.penalty, 0) as penalty,
        criteria_totals.criteria_score + coalesce(members.bonus, 0) - coalesce(members.penalty, 0)
            as total_score,
        max_scores.max_score,
        members.reported_total,
        cast(members.reported_rank as integer) as reported_rank,
        members.source_file,
        members.sheet as source_sheet,
        members.row_number as source_row
    from members
    inner join accepted_files on members.file_hash = accepted_files.file_hash
    left join criteria_totals
        on members.file_hash = criteria_totals.file_hash
        and members.sheet = criteria_totals.sheet
        and members.row_number = criteria_totals.row_number
    left join max_scores on members.file_hash = max_scores.file_hash
    where {{ is_accepted_row('members') }}
)

select * from final
