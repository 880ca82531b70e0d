-- Grain: one sheet row of any raw table (table_name, file_hash, sheet, row_number): whether it
-- is quarantined (its own error, an exact duplicate loaded once, or its file refused). The
-- reconciliation per file and the trace through the layers both count from here.
with

files as (
    select * from {{ ref('int_files__versions') }}
),

file_errors as (
    select distinct file_hash from {{ ref('int_quality__file_rules') }} where severity = 'error'
),

rejected_rows as (
    select * from {{ ref('int_quality__rejected_rows') }}
),

sheet_rows as (
    {%- for table in sheet_tables() %}
    select '{{ table }}' as table_name, file_hash, sheet, row_number, has_error, is_duplicate
    from {{ source('raw', table) }}
    {%- if not loop.last %}
    union all
    {%- endif %}
    {%- endfor %}
),

final as (
    select
        sheet_rows.table_name,
        sheet_rows.file_hash,
        sheet_rows.sheet,
        sheet_rows.row_number,
        sheet_rows.has_error
            or sheet_rows.is_duplicate
            or rejected_rows.file_hash is not null
            or files.is_rejected
            or file_errors.file_hash is not null as is_quarantined
    from sheet_rows
    inner join files on sheet_rows.file_hash = files.file_hash
    left join rejected_rows
        on sheet_rows.file_hash = rejected_rows.file_hash
        and sheet_rows.sheet = rejected_rows.sheet
        and sheet_rows.row_number = rejected_rows.row_number
    left join file_errors on sheet_rows.file_hash = file_errors.file_hash
)

select * from final
