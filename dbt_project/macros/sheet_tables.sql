{# Every raw table that holds sheet rows (one per contract sheet: pipelines/reading/specs.py). #}
{% macro sheet_tables() -%}
    {{ return(['registry_units', 'registry_blocks', 'registry_block_members',
        'registry_measures', 'registry_targets', 'registry_periods', 'registry_award_history',
        'registry_unit_mergers',
        'unit_indicator_results', 'unit_award_proposals', 'block_criteria', 'block_scores',
        'block_signatures']) }}
{%- endmacro %}
