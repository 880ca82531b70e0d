{# 2026-H1 → 2026; a school year SY2025-2026 belongs to the year it ends in. #}
{% macro period_year(period_code) -%}
    case
        when {{ period_code }} like 'SY%' then cast(right({{ period_code }}, 4) as integer)
        else cast(left({{ period_code }}, 4) as integer)
    end
{%- endmacro %}
