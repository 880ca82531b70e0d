-- Grain: year, level_code, award_code: eligible awards by subject (collectives, households,
-- individuals split into leaders and direct workers) and the reward money they cost.
-- Money (Decree 152/2025 art. 50): multiple x base salary in force on 31 December of the
-- year, rounded up to 10,000 VND; a person with several titles in one year is paid only
-- the highest. All awards here are regular (thường xuyên): the templates carry no other type.
with

proposals as (
    select * from {{ ref('mart_award_proposals') }}
    where eligibility_status = 'eligible'
),

catalog as (
    select * from {{ ref('award_catalog') }}
),

levels as (
    select * from {{ ref('award_levels') }}
),

salary as (
    select * from {{ ref('base_salary') }}
),

priced as (
    select
        proposals.*,
        catalog.cash_multiple,
        ceil(catalog.cash_multiple * (
            select amount_vnd from salary
            where valid_from <= make_date(proposals.year, 12, 31)
            order by valid_from desc limit 1
        ) / 10000) * 10000 as full_amount_vnd,
        -- heads of units and their deputies count as leaders in form 0605
        proposals.nominee_type = 'individual'
            and regexp_matches(lower(coalesce(proposals.position, '')),
                '(chủ tịch|bí thư|trưởng|giám đốc|hiệu trưởng)') as is_leader
    from proposals
    left join catalog on proposals.award_code = catalog.award_code
),

paid as (
    select
        *,
        case
            when row_number() over (
                partition by year, coalesce(person_key, sender_code || '|' || nominee_name)
                order by full_amount_vnd desc nulls last
            ) = 1 then coalesce(full_amount_vnd, 0)
            else 0
        end as amount_vnd
    from priced
),

final as (
    select
        paid.year,
        coalesce(levels.level_code, 'khac') as level_code,
        coalesce(levels.level_name, 'Khác') as level_name,
        coalesce(levels.level_order, 9) as level_order,
        paid.award_code,
        any_value(paid.award_name) as award_name,
        count(*) filter (where paid.nominee_type = 'collective') as collectives,
        count(*) filter (where paid.nominee_type = 'household') as households,
        count(*) filter (where paid.is_leader) as leaders,
        count(*) filter (where paid.nominee_type = 'individual' and not paid.is_leader) as workers,
        count(*) as total,
        cast(sum(paid.amount_vnd) as bigint) as amount_vnd
    from paid
    left join levels on paid.award_code = levels.award_code
    group by all
)

select * from final
