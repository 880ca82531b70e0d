-- Grain: period_code, sender_code, dimension: rows checked in the sender's current
-- submission, rows with an issue of that dimension, and the pass rate.
with

reconciliation as (
    select * from {{ ref('dq_reconciliation') }}
    where is_current and workbook_kind in ('unit_report', 'award_proposals', 'block_report')
),

issues as (
    select * from {{ ref('dq_issues') }}
),

dimensions as (
    select unnest(['dung', 'du', 'sach', 'song']) as dimension
),

checked as (
    select period_code, sender_code, cast(sum(rows_read) as bigint) as rows_checked
    from reconciliation
    group by all
),

failed as (
    select
        period_code,
        sender_code,
        dimension,
        count(distinct coalesce(source_file, '') || '|' || coalesce(sheet, '') || '|'
            || coalesce(cast(row_number as varchar), 'file')) as rows_failed
    from issues
    where severity in ('error', 'warning')
    group by all
),

final as (
    select
        checked.period_code,
        checked.sender_code,
        dimensions.dimension,
        checked.rows_checked,
        cast(least(coalesce(failed.rows_failed, 0), checked.rows_checked) as bigint) as rows_failed,
        round(1 - least(coalesce(failed.rows_failed, 0), checked.rows_checked)
            / nullif(checked.rows_checked, 0), 4) as pass_rate
    from checked
    cross join dimensions
    left join failed
        on checked.period_code = failed.period_code
        and checked.sender_code = failed.sender_code
        and dimensions.dimension = failed.dimension
)

select * from final
