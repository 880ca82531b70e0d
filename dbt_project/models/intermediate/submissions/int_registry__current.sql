-- Grain: one registry year (registry_year): the registry file current for it. The city sends
-- one registry a year and amends it any time: the newest of a year (by report date, then
-- arrival) is that year's; last year's registry arriving late changes nothing for this year.
with

files as (
    select * from {{ ref('int_files__versions') }}
),

final as (
    select file_hash, registry_year, source_file, report_date, first_seen_at
    from files
    where workbook_kind = 'registry' and is_current
)

select * from final
