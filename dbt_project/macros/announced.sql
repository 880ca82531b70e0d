{#
    A period the board has published (thidua publish) keeps the figures it announced: the
    rows of its newest edition in published.<snapshot> stand for it; other periods are the
    live ones. The published schema exists once a period has been published.
#}
{% macro published_relation(identifier) -%}
    {%- if execute -%}
        {{- return(adapter.get_relation(database=target.database, schema='published', identifier=identifier)) -}}
    {%- endif -%}
    {{- return(none) -}}
{%- endmacro %}

{% macro announced(live, snapshot) -%}
{%- set frozen = published_relation(snapshot) -%}
{%- set editions = published_relation('editions') -%}
{%- set columns = adapter.get_columns_in_relation(live) if execute else [] -%}
with

live as (
    select * from {{ live }}
),

{% if frozen and editions -%}
latest as (
    select period_code, max(edition) as edition from {{ editions }} group by all
),

announced as (
    select * from live where period_code not in (select period_code from latest)
    union all by name
    select frozen.* exclude (edition)
    from {{ frozen }} as frozen
    inner join latest using (period_code, edition)
),
{%- else -%}
announced as (
    select * from live
),
{%- endif %}

final as (
    select
    {%- for column in columns %}
        {{ adapter.quote(column.name) }}{{ "," if not loop.last }}
    {%- endfor %}
    from announced
)

select * from final
{%- endmacro %}
