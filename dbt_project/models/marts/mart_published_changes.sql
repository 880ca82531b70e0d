-- Grain: period_code, figure, sender_code, item_code: a figure of a published period that the
-- data received since its newest edition would change (a late correction): the value
-- announced, the value now, and the file and cell it now comes from. Empty until the board
-- publishes again (thidua publish), which announces the values now.
-- depends_on: {{ ref('int_indicators__judged') }}
-- depends_on: {{ ref('int_covenants__results') }}
{%- set editions = published_relation('editions') %}
{%- set results = published_relation('mart_indicator_results') %}
{%- set covenants = published_relation('mart_covenant_scores') %}
with

{% if editions and results and covenants -%}
latest as (
    select period_code, max(edition) as edition from {{ editions }} group by all
),

frozen_results as (
    select frozen.* from {{ results }} as frozen inner join latest using (period_code, edition)
),

live_results as (
    select * from {{ ref('int_indicators__judged') }}
    where period_code in (select period_code from latest)
),

frozen_covenants as (
    select frozen.* from {{ covenants }} as frozen inner join latest using (period_code, edition)
),

live_covenants as (
    select * from {{ ref('int_covenants__results') }}
    where period_code in (select period_code from latest)
),

results as (
    select
        coalesce(live.period_code, frozen.period_code) as period_code,
        coalesce(live.ward_code, frozen.ward_code) as sender_code,
        coalesce(live.ward_name, frozen.ward_name) as sender_name,
        coalesce(live.measure_code, frozen.measure_code) as item_code,
        coalesce(live.measure_name, frozen.measure_name) as item_name,
        frozen.actual_value as actual_published,
        live.actual_value as actual_now,
        frozen.target_value as target_published,
        live.target_value as target_now,
        live.source_file,
        live.source_cell
    from live_results as live
    full join frozen_results as frozen
        on live.period_code = frozen.period_code
        and live.ward_code = frozen.ward_code
        and live.measure_code = frozen.measure_code
),

covenants as (
    select
        coalesce(live.period_code, frozen.period_code) as period_code,
        coalesce(live.unit_code, frozen.unit_code) as sender_code,
        coalesce(live.unit_name, frozen.unit_name) as sender_name,
        coalesce(live.block_code, frozen.block_code) as item_code,
        frozen.total_score as total_published,
        live.total_score as total_now,
        frozen.rank_in_block as rank_published,
        live.rank_in_block as rank_now,
        live.source_file,
        live.source_sheet,
        live.source_row
    from live_covenants as live
    full join frozen_covenants as frozen
        on live.period_code = frozen.period_code
        and live.block_code = frozen.block_code
        and live.unit_code = frozen.unit_code
),

changes as (
    select period_code, 'actual_value' as figure, 'Kết quả thực hiện' as figure_label,
        sender_code, sender_name, item_code, item_name,
        actual_published as value_published, actual_now as value_now, source_file, source_cell
    from results
    where actual_published is distinct from actual_now
    union all
    select period_code, 'target_value', 'Chỉ tiêu giao', sender_code, sender_name, item_code,
        item_name, target_published, target_now, 'danh mục của thành phố', null
    from results
    where target_published is distinct from target_now
    union all
    select period_code, 'total_score', 'Tổng điểm giao ước', sender_code, sender_name, item_code,
        'Khối ' || item_code, total_published, total_now, source_file,
        source_sheet || '!dòng ' || source_row
    from covenants
    where total_published is distinct from total_now
    union all
    select period_code, 'rank_in_block', 'Xếp hạng trong khối', sender_code, sender_name,
        item_code, 'Khối ' || item_code, rank_published, rank_now, source_file,
        source_sheet || '!dòng ' || source_row
    from covenants
    where rank_published is distinct from rank_now
),

final as (
    select
        changes.period_code,
        latest.edition,
        changes.figure,
        changes.figure_label,
        changes.sender_code,
        changes.sender_name,
        changes.item_code,
        changes.item_name,
        cast(changes.value_published as double) as value_published,
        cast(changes.value_now as double) as value_now,
        changes.source_file,
        changes.source_cell
    from changes
    inner join latest on changes.period_code = latest.period_code
)
{%- else -%}
final as (
    select
        null::varchar as period_code,
        null::integer as edition,
        null::varchar as figure,
        null::varchar as figure_label,
        null::varchar as sender_code,
        null::varchar as sender_name,
        null::varchar as item_code,
        null::varchar as item_name,
        null::double as value_published,
        null::double as value_now,
        null::varchar as source_file,
        null::varchar as source_cell
    where false
)
{%- endif %}

select * from final
