-- Grain: year, award_code: eligible awards by level and kind (danh hiệu thi đua | hình
-- thức khen thưởng) and by subject (collectives, households, individuals split into leaders
-- and direct workers), with the reward money they cost: the shape of forms 0602-0605 of
-- Circular 02/2023/TT-BNV (docs/queries.md shows each form from this table).
-- Money (Decree 152/2025 art. 50): the multiple for the award and subject x base salary in
-- force on 31 December of the year, rounded up to 10,000 VND; a nominee given several
-- titles (danh hiệu) in one year is paid only the highest; forms of commendation are paid
-- besides. All awards here are regular (thường xuyên): the templates carry no other type.
with

proposals as (
    select * from {{ ref('mart_award_proposals') }}
    where eligibility_status = 'eligible'
),

cash as (
    select * from {{ ref('award_cash') }}
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
        ceil((
            select cash.cash_multiple from cash
            where cash.award_code = proposals.award_code
                and cash.subject = proposals.nominee_type
                and cash.valid_from <= make_date(proposals.year, 12, 31)
            order by cash.valid_from desc limit 1
        ) * (
            select amount_vnd from salary
            where valid_from <= make_date(proposals.year, 12, 31)
            order by valid_from desc limit 1
        ) / 10000) * 10000 as full_amount_vnd,
        -- heads of units and their deputies count as leaders in form 0605
        proposals.nominee_type = 'individual'
            and regexp_matches(lower(coalesce(proposals.position, '')),
                '(chủ tịch|bí thư|trưởng|giám đốc|hiệu trưởng)') as is_leader
    from proposals
),

paid as (
    select
        *,
        case
            when award_kind <> 'danh hiệu thi đua' then coalesce(full_amount_vnd, 0)
            when row_number() over (
                partition by year, award_kind = 'danh hiệu thi đua',
                    coalesce(person_key, sender_code || '|' || nominee_name)
                order by full_amount_vnd desc nulls last
            ) = 1 then coalesce(full_amount_vnd, 0)
            else 0
        end as amount_vnd
    from priced
),

final as (
    select
        paid.year,
        paid.level_code,
        levels.level_name,
        levels.level_order,
        paid.award_kind,
        paid.award_code,
        any_value(paid.award_name) as award_name,
        count(*) filter (where paid.nominee_type = 'collective') as collectives,
        count(*) filter (where paid.nominee_type = 'household') as households,
        count(*) filter (where paid.is_leader) as leaders,
        count(*) filter (where paid.nominee_type = 'individual' and not paid.is_leader) as workers,
        count(*) as total,
        cast(sum(paid.amount_vnd) as bigint) as amount_vnd
    from paid
    inner join levels on paid.level_code = levels.level_code
    group by all
)

select * from final
