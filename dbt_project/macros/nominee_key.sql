{# A stable key for a person that does not reveal the personal number
   (same as pipelines/lib/personal_id.py:pseudonym). #}
{% macro nominee_key(personal_id) -%}
    case when {{ personal_id }} is not null then left(sha256('thidua:' || {{ personal_id }}), 16) end
{%- endmacro %}
