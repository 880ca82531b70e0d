{#
    Rows of one raw sheet table with their file's status. Every staging model
    of a sheet is this: the grain is one sheet row (file_hash, sheet, row_number).
#}
{% macro staged_rows(raw_table) -%}
with

sheet_rows as (
    select * from {{ source('raw', raw_table) }}
),

files as (
    select * from {{ ref('stg_raw__files') }}
),

final as (
    select
        sheet_rows.*,
        files.source_file,
        files.sender_code as file_sender_code,
        files.period_code as file_period_code,
        files.is_rejected as is_rejected_file
    from sheet_rows
    inner join files on sheet_rows.file_hash = files.file_hash
)

select * from final
{%- endmacro %}
