-- Grain: one file content received (file_hash), as ingestion recorded it (raw.files), with the
-- year a registry is for (said by the parser from its ThongTin, periods or targets).
with

files as (
    select * from {{ source('raw', 'files') }}
),

final as (
    select
        file_hash,
        path as source_file,
        kind as workbook_kind,
        sender_code,
        sender_name,
        period_code,
        case when kind = 'registry' then try_cast(info ->> 'year' as integer) end
            as registry_year,
        report_date,
        modified_at,
        first_seen_at,
        is_rejected
    from files
)

select * from final
