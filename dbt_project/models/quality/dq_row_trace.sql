-- Grain: one file and sheet table (file_hash, table_name). Every row read from a file, followed
-- through the layers: read = in the marts + quarantined + set aside with a reason, and
-- rows_lost (none of these: a row dropped between layers) must stay 0. The sheets whose rows
-- reach the marts one by one are traced to them; the others (registry, criteria,
-- signatures) are reference data the marts are computed with.
{%- set traced = {
    'unit_indicator_results': ('stg_unit_reports__indicator_results', 'int_indicators__accepted_results'),
    'block_scores': ('stg_block_reports__scores', 'int_covenants__scores'),
    'unit_award_proposals': ('stg_unit_reports__award_proposals', 'int_awards__proposals'),
} %}
with

files as (
    select * from {{ ref('int_files__versions') }}
),

row_status as (
    select * from {{ ref('int_quality__row_status') }}
),

proposal_files as (
    select file_hash, bool_or(is_used) as is_used
    from {{ ref('int_awards__proposal_files') }}
    group by all
),

published as (
    {%- set editions = published_relation('editions') %}
    {%- if editions %}
    select distinct period_code from {{ editions }}
    {%- else %}
    select null::varchar as period_code where false
    {%- endif %}
),

-- Where each traced row is found, layer by layer.
layers as (
    {%- for table, models in traced.items() %}
    select '{{ table }}' as table_name, file_hash, sheet, row_number, 'staging' as layer
    from {{ ref(models[0]) }}
    union all
    {%- if table == 'block_scores' %}
    select '{{ table }}', files.file_hash, layer.source_sheet, layer.source_row, 'intermediate'
    from {{ ref(models[1]) }} as layer
    inner join files on layer.source_file = files.source_file
    {%- else %}
    select '{{ table }}', file_hash, sheet, row_number, 'intermediate' from {{ ref(models[1]) }}
    {%- endif %}
    union all
    {%- endfor %}
    select 'unit_indicator_results', files.file_hash, marts.source_sheet, marts.source_row, 'marts'
    from {{ ref('mart_indicator_results') }} as marts
    inner join files on marts.source_file = files.source_file
    union all
    select 'block_scores', files.file_hash, marts.source_sheet, marts.source_row, 'marts'
    from {{ ref('mart_covenant_scores') }} as marts
    inner join files on marts.source_file = files.source_file
    union all
    select 'unit_award_proposals', file_hash, source_sheet, source_row, 'marts'
    from {{ ref('mart_award_proposals') }}
),

found as (
    select
        table_name, file_hash, sheet, row_number,
        bool_or(layer = 'staging') as in_staging,
        bool_or(layer = 'intermediate') as in_intermediate,
        bool_or(layer = 'marts') as in_marts
    from layers
    group by all
),

traced as (
    select
        row_status.table_name,
        row_status.file_hash,
        row_status.is_quarantined,
        case
            when row_status.table_name not in {{ "('" ~ traced.keys() | join("', '") ~ "')" }}
                then 'dữ liệu tham chiếu (danh mục, tiêu chí, chữ ký giao ước)'
            when not files.is_current
                then 'bản gửi cũ, đã có bản mới hơn: lưu trong lịch sử'
            when row_status.table_name = 'unit_award_proposals' and not proposal_files.is_used
                then 'danh sách đề nghị đã được thay bằng tệp gửi sau'
            when row_status.table_name <> 'unit_award_proposals'
                and files.period_code in (select period_code from published)
                then 'kỳ đã công bố: số liệu mới chờ công bố lại'
        end as set_aside_reason,
        coalesce(found.in_staging, false) as in_staging,
        coalesce(found.in_intermediate, false) as in_intermediate,
        coalesce(found.in_marts, false) as in_marts
    from row_status
    inner join files on row_status.file_hash = files.file_hash
    left join proposal_files on row_status.file_hash = proposal_files.file_hash
    left join found
        on row_status.table_name = found.table_name
        and row_status.file_hash = found.file_hash
        and row_status.sheet = found.sheet
        and row_status.row_number = found.row_number
),

final as (
    select
        traced.file_hash,
        any_value(files.source_file) as source_file,
        traced.table_name,
        count(*) as rows_read,
        count(*) filter (where is_quarantined) as rows_quarantined,
        count(*) filter (where not is_quarantined and not in_marts and set_aside_reason is not null)
            as rows_set_aside,
        string_agg(distinct set_aside_reason, '; ')
            filter (where not is_quarantined and not in_marts) as set_aside_reasons,
        count(*) filter (where in_staging) as rows_in_staging,
        count(*) filter (where in_intermediate) as rows_in_intermediate,
        count(*) filter (where in_marts) as rows_in_marts,
        count(*) filter (where not is_quarantined and not in_marts and set_aside_reason is null)
            as rows_lost
    from traced
    inner join files on traced.file_hash = files.file_hash
    group by traced.file_hash, traced.table_name
)

select * from final
