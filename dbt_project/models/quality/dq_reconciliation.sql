-- Grain: one file. Nothing is lost: rows_read = rows_loaded + rows_quarantined for every file.
-- Rows of older versions count as loaded into history; a rejected file's rows are quarantined.
with

files as (
    select * from {{ ref('int_files__versions') }}
),

file_errors as (
    select distinct file_hash from {{ ref('int_quality__file_rules') }} where severity = 'error'
),

row_status as (
    select * from {{ ref('int_quality__row_status') }}
),

per_file as (
    select
        file_hash,
        count(*) as rows_read,
        count(*) filter (where not is_quarantined) as rows_loaded,
        count(*) filter (where is_quarantined) as rows_quarantined
    from row_status
    group by file_hash
),

final as (
    select
        files.file_hash,
        files.source_file,
        files.workbook_kind,
        files.sender_code,
        files.sender_name,
        files.period_code,
        files.report_date,
        files.versions,
        files.is_current,
        files.is_rejected or file_errors.file_hash is not null as is_rejected,
        coalesce(per_file.rows_read, 0) as rows_read,
        coalesce(per_file.rows_loaded, 0) as rows_loaded,
        coalesce(per_file.rows_quarantined, 0) as rows_quarantined
    from files
    left join per_file on files.file_hash = per_file.file_hash
    left join file_errors on files.file_hash = file_errors.file_hash
)

select * from final
