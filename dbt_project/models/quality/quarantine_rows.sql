-- Grain: one sheet row kept out of the marts (file_hash, sheet, row_number), with every
-- reason (and, for an indicator row, its measure). The quarantine a steward works from; rows stay in raw.* for history.
with

issues as (
    select * from {{ ref('dq_issues') }}
    where severity = 'error' and row_number is not null
),

files as (
    select * from {{ ref('int_files__versions') }}
),

duplicates as (
    {% set tables = sheet_tables() %}
    {% for table in tables %}
    select file_hash, sheet, row_number, '{{ table }}' as raw_table
    from {{ source('raw', table) }}
    where is_duplicate
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

error_rows as (
    select
        files.file_hash,
        issues.source_file,
        issues.sender_code,
        issues.period_code,
        issues.sheet,
        issues.row_number,
        string_agg(issues.rule_code, ', ' order by issues.rule_code) as rule_codes,
        string_agg(issues.message, ' | ' order by issues.rule_code) as reasons
    from issues
    inner join files on issues.file_hash = files.file_hash
    group by all
),

duplicate_rows as (
    select
        files.file_hash,
        files.source_file,
        files.sender_code,
        files.period_code,
        duplicates.sheet,
        duplicates.row_number,
        'SACH_ROW_DUPLICATE' as rule_codes,
        'Dòng trùng hoàn toàn với một dòng trước; đã nạp một lần.' as reasons
    from duplicates
    inner join files on duplicates.file_hash = files.file_hash
),

indicator_rows as (
    select file_hash, sheet, row_number, measure_code
    from {{ source('raw', 'unit_indicator_results') }}
),

final as (
    -- an indicator row names its measure, so a page can grey that figure and say why
    select quarantined.*, indicator_rows.measure_code
    from (
        select * from error_rows
        union all
        select * from duplicate_rows
    ) as quarantined
    left join indicator_rows using (file_hash, sheet, row_number)
)

select * from final
