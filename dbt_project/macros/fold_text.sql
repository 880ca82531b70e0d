{# Vietnamese text → key without case or diacritics ("Lao động tiên tiến" → "lao dong tien tien"). #}
{% macro fold_text(expression) -%}
    trim(regexp_replace(strip_accents(replace(replace(lower({{ expression }}), 'đ', 'd'), 'Đ', 'd')), '\s+', ' ', 'g'))
{%- endmacro %}
