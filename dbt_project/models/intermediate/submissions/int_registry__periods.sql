-- Grain: one reporting period (period_code) with its deadline and the registry that judges
-- it: its own year's (a school year by the year it ends), else the newest that lists it.
-- Every period-bound rule reads the catalog, targets and units of that registry_year.
with

periods as (
    select * from {{ ref('stg_registry__periods') }}
    where not has_error and not is_duplicate
),

current_registry as (
    select * from {{ ref('int_registry__current') }}
),

candidates as (
    select
        periods.period_code,
        periods.period_name,
        periods.start_date,
        periods.end_date,
        periods.deadline,
        {{ period_year('periods.period_code') }} as period_year,
        current_registry.registry_year,
        row_number() over (
            partition by periods.period_code
            order by
                current_registry.registry_year = {{ period_year('periods.period_code') }}
                    desc nulls last,
                current_registry.registry_year desc nulls last,
                periods.row_number
        ) as pick
    from periods
    inner join current_registry on periods.file_hash = current_registry.file_hash
),

final as (
    select * exclude (pick)
    from candidates
    where pick = 1
)

select * from final
