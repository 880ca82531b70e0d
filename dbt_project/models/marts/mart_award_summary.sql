-- Grain: year, sender_code, award_code: proposals, eligible ones, and the city's quota
-- (counted over eligible proposals; those over quota are flagged, never dropped).
with

proposals as (
    select * from {{ ref('mart_award_proposals') }}
),

quotas as (
    select * from {{ ref('award_quotas') }}
),

counted as (
    select
        year,
        sender_code,
        award_code,
        count(*) as proposed,
        count(*) filter (where eligibility_status = 'eligible') as eligible,
        count(*) filter (where eligibility_status = 'needs_review') as needs_review
    from proposals
    group by all
),

previous_year as (
    select year + 1 as year, sender_code, award_code, proposed as proposed_previous_year
    from counted
),

final as (
    select
        counted.year,
        counted.sender_code,
        counted.award_code,
        counted.proposed,
        counted.eligible,
        counted.needs_review,
        quotas.quota_per_sender as quota_limit,
        quotas.quota_per_sender is null or counted.eligible <= quotas.quota_per_sender
            as within_quota,
        previous_year.proposed_previous_year,
        counted.proposed - previous_year.proposed_previous_year as proposed_change
    from counted
    left join quotas on counted.award_code = quotas.award_code
    left join previous_year
        on counted.year = previous_year.year
        and counted.sender_code = previous_year.sender_code
        and counted.award_code = previous_year.award_code
)

select * from final
