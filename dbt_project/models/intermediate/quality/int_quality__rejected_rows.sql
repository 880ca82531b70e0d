-- Grain: one sheet row (file_hash, sheet, row_number) kept out of the marts by an error.
with

parse_errors as (
    select file_hash, sheet, row_number
    from {{ source('quality', 'parse_issues') }}
    where severity = 'error' and row_number is not null
),

gx_errors as (
    select file_hash, sheet, row_number
    from {{ source('quality', 'gx_issues') }}
    where severity = 'error'
),

rule_errors as (
    select file_hash, sheet, row_number
    from {{ ref('int_quality__row_rules') }}
    where severity = 'error'
),

final as (
    select distinct * from parse_errors
    union
    select distinct * from rule_errors
    union
    select distinct * from gx_errors
)

select * from final
