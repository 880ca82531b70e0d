{#
    A sheet row reaches the marts when it read cleanly, is not an exact duplicate, and no
    error rule (reading, Great Expectations, cross-table SQL) quarantined it. One place for
    the rule every model that feeds a mart applies.
#}
{% macro is_accepted_row(alias) -%}
    not {{ alias }}.has_error
    and not {{ alias }}.is_duplicate
    and not exists (
        select 1
        from {{ ref('int_quality__rejected_rows') }} as rejected
        where rejected.file_hash = {{ alias }}.file_hash
            and rejected.sheet = {{ alias }}.sheet
            and rejected.row_number = {{ alias }}.row_number
    )
{%- endmacro %}
