{# A result meets its target by the catalog's comparator; rounding avoids 0.1 + 0.2 surprises. #}
{% macro is_achieved(actual, target, comparator) -%}
    case
        when {{ actual }} is null or {{ target }} is null then false
        when {{ comparator }} = '>=' then round({{ actual }}, 6) >= round({{ target }}, 6)
        when {{ comparator }} = '>' then round({{ actual }}, 6) > round({{ target }}, 6)
        when {{ comparator }} = '<=' then round({{ actual }}, 6) <= round({{ target }}, 6)
        when {{ comparator }} = '<' then round({{ actual }}, 6) < round({{ target }}, 6)
        when {{ comparator }} = '=' then round({{ actual }}, 6) = round({{ target }}, 6)
        else false
    end
{%- endmacro %}
