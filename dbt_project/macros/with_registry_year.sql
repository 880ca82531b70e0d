{#
    The clean rows of a report sheet, each with the registry year its file's period is judged
    by (the newest registry's when the period is unknown: that is the file's own error).
    Needs the CTEs `periods` (period_code, registry_year) and `newest_registry`.
#}
{% macro with_registry_year(relation) -%}
    select
        sheet_rows.*,
        coalesce(periods.registry_year, newest_registry.registry_year) as registry_year
    from {{ relation }} as sheet_rows
    left join periods on sheet_rows.file_period_code = periods.period_code
    cross join newest_registry
    where not sheet_rows.has_error and not sheet_rows.is_duplicate
{%- endmacro %}
