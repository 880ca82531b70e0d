{# A key for a person that does not reveal the personal number: HMAC under the
   installation's secret, by the function pipelines/defs/transform/dbt_plugin.py gives
   DuckDB (pipelines/core/person_keys.py). #}
{% macro nominee_key(personal_id) -%}
    person_key({{ personal_id }})
{%- endmacro %}
