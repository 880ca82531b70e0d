-- Grain: period_code, sender_code, workbook_kind: every ward of the period's own year's
-- registry, and every block of that year, owes a report for the period, sent or not.
with

periods as (
    select * from {{ ref('int_registry__periods') }}
),

wards as (
    select * from {{ ref('int_registry__wards') }} where is_ward
),

-- A ward merged away owes no report for a period ending on or after the merger; a ward
-- created by one owes none for a period ending before it (a ward created mid-year).
ceased as (
    select old_code as unit_code, min(effective_date) as effective_date
    from {{ ref('int_registry__unit_mergers') }}
    where old_code <> new_code and effective_date is not null
    group by all
),

started as (
    select new_code as unit_code, min(effective_date) as effective_date
    from {{ ref('int_registry__unit_mergers') }}
    where old_code <> new_code and effective_date is not null
    group by all
),

blocks as (
    select * from {{ ref('int_registry__blocks') }}
),

files as (
    select * from {{ ref('int_files__versions') }}
    where not is_rejected
),

expected as (
    select periods.period_code, periods.deadline, wards.unit_code as sender_code,
        wards.unit_name as sender_name, 'unit_report' as workbook_kind
    from periods
    inner join wards on periods.registry_year = wards.registry_year
    left join ceased on wards.unit_code = ceased.unit_code
    left join started on wards.unit_code = started.unit_code
    where (ceased.effective_date is null or periods.end_date < ceased.effective_date)
        and (started.effective_date is null or periods.end_date >= started.effective_date)
    union all
    select periods.period_code, periods.deadline, blocks.block_code, blocks.block_name,
        'block_report'
    from periods
    inner join blocks on {{ period_year('periods.period_code') }} = blocks.year
),

sent as (
    select
        period_code,
        sender_code,
        workbook_kind,
        count(distinct file_hash) as versions,
        max(report_date) filter (where is_current) as submitted_on,
        any_value(source_file) filter (where is_current) as current_file
    from files
    group by all
),

final as (
    select
        expected.period_code,
        expected.sender_code,
        expected.sender_name,
        expected.workbook_kind,
        coalesce(sent.versions, 0) > 0 as submitted,
        sent.submitted_on,
        expected.deadline,
        greatest(coalesce(date_diff('day', expected.deadline, sent.submitted_on), 0), 0)
            as days_late,
        coalesce(sent.versions, 0) as versions,
        sent.current_file
    from expected
    left join sent
        on expected.period_code = sent.period_code
        and expected.sender_code = sent.sender_code
        and expected.workbook_kind = sent.workbook_kind
)

select * from final
