-- Grain: period_code, sender_code, dimension: rows checked in the sender's current
-- submission, rows with an issue of that dimension, and the pass rate; every sender the
-- period expects has its rows, sent or not (nothing sent: complete at 0, the rest unjudged).
with

expected as (
    select distinct period_code, sender_code from {{ ref('int_submissions__expected') }}
),

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

sent as (
    select period_code, sender_code, cast(sum(rows_read) as bigint) as rows_checked
    from reconciliation
    group by all
),

checked as (
    select
        coalesce(sent.period_code, expected.period_code) as period_code,
        coalesce(sent.sender_code, expected.sender_code) as sender_code,
        sent.sender_code is not null as submitted,
        coalesce(sent.rows_checked, 0) as rows_checked
    from sent
    full join expected
        on sent.period_code = expected.period_code and sent.sender_code = expected.sender_code
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
        checked.submitted,
        checked.rows_checked,
        cast(least(coalesce(failed.rows_failed, 0), checked.rows_checked) as bigint) as rows_failed,
        case
            when not checked.submitted and dimensions.dimension = 'du' then 0.0
            else round(1 - least(coalesce(failed.rows_failed, 0), checked.rows_checked)
                / nullif(checked.rows_checked, 0), 4)
        end as pass_rate
    from checked
    cross join dimensions
    left join failed
        on checked.period_code = failed.period_code
        and checked.sender_code = failed.sender_code
        and dimensions.dimension = failed.dimension
)

select * from final
