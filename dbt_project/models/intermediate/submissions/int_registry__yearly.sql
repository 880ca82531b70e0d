-- Grain: one accepted registry file (file_hash), with the year it is for: the year its
-- KyBaoCao periods name (a school year by the year it ends), else its ChiTieuGiao targets'.
-- The newest of a year (by report date, then arrival) amends that year: is_year_current.
-- Award history accumulates over the years' current registries (CONTRACT.md section 1).
with

files as (
    select * from {{ ref('stg_raw__files') }}
    where workbook_kind = 'registry' and not is_rejected
),

periods as (
    select file_hash, max({{ period_year('period_code') }}) as year
    from {{ ref('stg_registry__periods') }}
    where not has_error
    group by file_hash
),

targets as (
    select file_hash, max(year) as year
    from {{ ref('stg_registry__targets') }}
    where not has_error
    group by file_hash
),

final as (
    select
        files.file_hash,
        coalesce(periods.year, targets.year) as registry_year,
        row_number() over (
            partition by coalesce(periods.year, targets.year)
            order by files.report_date desc nulls last, files.modified_at desc,
                files.first_seen_at desc
        ) = 1 as is_year_current
    from files
    left join periods using (file_hash)
    left join targets using (file_hash)
)

select * from final
