-- Grain: period_code, edition: every announcement of a period's figures (thidua publish), the
-- newest one in force; publishing again keeps the earlier editions. pending_changes: how many
-- figures of the edition in force a late correction would change (mart_published_changes).
{%- set editions = published_relation('editions') %}
with

{% if editions -%}
editions as (
    select * from {{ editions }}
),
{%- else -%}
editions as (
    select
        null::varchar as period_code,
        null::integer as edition,
        null::timestamp as published_at,
        null::varchar as published_by,
        null::varchar as note
    where false
),
{%- endif %}

changes as (
    select period_code, count(*) as pending_changes
    from {{ ref('mart_published_changes') }}
    group by all
),

final as (
    select
        editions.period_code,
        cast(editions.edition as integer) as edition,
        editions.published_at,
        editions.published_by,
        editions.note,
        editions.edition = max(editions.edition) over (partition by editions.period_code)
            as is_in_force,
        case
            when editions.edition = max(editions.edition) over (partition by editions.period_code)
                then coalesce(changes.pending_changes, 0)
        end as pending_changes
    from editions
    left join changes on editions.period_code = changes.period_code
)

select * from final
