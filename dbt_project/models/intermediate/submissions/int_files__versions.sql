-- Grain: one file content (file_hash). Which submission is current for its sender and period
-- (the newest by report date, then arrival); a registry is current for its year (CONTRACT.md
-- section 1: one registry per year, amended).
with

files as (
    select * from {{ ref('stg_raw__files') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by workbook_kind, sender_code, coalesce(period_code, registry_year::varchar, '')
            order by is_rejected, report_date desc nulls last, modified_at desc, first_seen_at desc
        ) as version_rank,
        count(*) over (
            partition by workbook_kind, sender_code, coalesce(period_code, registry_year::varchar, '')
        ) as versions
    from files
),

final as (
    select
        file_hash,
        source_file,
        workbook_kind,
        sender_code,
        sender_name,
        period_code,
        registry_year,
        report_date,
        modified_at,
        first_seen_at,
        is_rejected,
        versions,
        not is_rejected and version_rank = 1 as is_current
    from ranked
)

select * from final
