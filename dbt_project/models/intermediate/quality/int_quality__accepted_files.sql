-- Grain: one file whose rows may reach the marts: current, readable, from a known sender and period.
with

files as (
    select * from {{ ref('int_files__versions') }}
),

file_errors as (
    select distinct file_hash from {{ ref('int_quality__file_rules') }}
    where severity = 'error'
),

final as (
    select files.file_hash, files.workbook_kind, files.sender_code, files.period_code
    from files
    left join file_errors on files.file_hash = file_errors.file_hash
    where files.is_current and file_errors.file_hash is null
)

select * from final
