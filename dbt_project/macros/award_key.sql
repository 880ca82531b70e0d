{# An award's wording → the key seeds/award_crosswalk.csv is written in: folded, punctuation
   as spaces, "Ủy ban nhân dân" as "ubnd", "sỹ" as "si", and the words "của", "danh hiệu",
   "hình thức" dropped ("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" → "bang khen chu tich
   ubnd tinh"). A code typed as a number (1647933380.0) keeps its digits. #}
{% macro award_key(expression) -%}
    trim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(
        {{ fold_text("regexp_replace(trim(" ~ expression ~ "), '^(\\d+)\\.0+$', '\\1')") }},
        '[^a-z0-9]+', ' ', 'g'),
        '\buy ban nhan dan\b', 'ubnd', 'g'),
        '\bsy\b', 'si', 'g'),
        '\b(cua|danh hieu|hinh thuc)\b', ' ', 'g'),
        ' +', ' ', 'g'))
{%- endmacro %}

{# A unit's name → a key to find it in the registry: folded, without a leading "UBND",
   "Ủy ban nhân dân" or "Tập thể" ("UBND phường Trần Phú" → "phuong tran phu"). #}
{% macro unit_name_key(expression) -%}
    regexp_replace({{ fold_text(expression) }}, '^(ubnd|uy ban nhan dan|tap the)\s+', '')
{%- endmacro %}
