{# A number as a Vietnamese reader writes it, for messages to senders:
   13.0 → "13", 74.5 → "74,5", 1234567.5 → "1.234.567,5" (up to 4 decimals). #}
{% macro vn_number(expression) -%}
    translate(
        regexp_replace(regexp_replace(format('{:,.4f}', cast({{ expression }} as double)), '0+$', ''), '\.$', ''),
        ',.', '.,'
    )
{%- endmacro %}
