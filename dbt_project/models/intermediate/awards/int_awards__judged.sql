-- Grain: one proposal (file_hash, sheet, row_number). ineligible: a rule fails on the data
-- given; needs_review: an input is blank, the award history does not know the nominee, a
-- rule's failure is for the board to weigh, or the award is outside what the city decides;
-- eligible: every rule whose input the data carries passes. Each reason names the rule,
-- the data it read and the article. No personal number or birth date: nominee_key is a
-- one-way key.
with

proposals as (
    select * from {{ ref('int_awards__proposals') }}
),

results as (
    select * from {{ ref('int_awards__rule_results') }}
),

catalog as (
    select * from {{ ref('award_catalog') }}
),

per_proposal as (
    select
        file_hash,
        sheet,
        row_number,
        bool_or(outcome = 'fail' and on_fail = 'ineligible') as has_failure,
        bool_or(outcome = 'missing' or (outcome = 'fail' and on_fail = 'needs_review'))
            as has_open_question,
        string_agg(
            case when outcome in ('fail', 'missing')
                then (case
                        when outcome = 'fail' and on_fail = 'ineligible' then 'Không đạt'
                        else 'Cần xem xét' end)
                    || ' (' || rule_code || ', ' || legal_basis || '): ' || message
                    || '; dữ liệu: ' || evidence
            end,
            '. ' order by outcome = 'fail' and on_fail = 'ineligible' desc, rule_code
        ) as reasons,
        string_agg(
            case when outcome = 'not_checked'
                then message || ' (' || rule_code || ', ' || legal_basis || ')' end,
            '; ' order by rule_code
        ) as not_checked
    from results
    group by all
),

final as (
    select
        proposals.year,
        proposals.sender_code,
        proposals.nominee_name,
        proposals.nominee_type,
        proposals.nominee_key,
        proposals.position,
        coalesce(proposals.award_code, 'unknown') as award_code,
        coalesce(catalog.award_name, proposals.award_name) as award_name,
        proposals.award_name as proposed_as,
        catalog.award_kind,
        catalog.level_code,
        proposals.rating,
        case
            when proposals.award_code is null or not catalog.decided_here then 'needs_review'
            when per_proposal.has_failure then 'ineligible'
            when per_proposal.has_open_question then 'needs_review'
            else 'eligible'
        end as eligibility_status,
        case
            when proposals.award_code is null
                then 'Cần xem xét: danh hiệu/hình thức “' || proposals.award_name
                    || '” không có trong danh mục khen thưởng'
                    || coalesce('; gần nhất là “' || proposals.closest_award_name || '”', '')
            when not catalog.decided_here
                then 'Cần xem xét: “' || proposals.award_name || '” thuộc nhóm '
                    || catalog.award_name || ', ngoài các danh hiệu thành phố xét: '
                    || catalog.review_reason || ' (' || catalog.legal_basis || ')'
            else per_proposal.reasons
        end as reasons,
        per_proposal.not_checked,
        proposals.person_key,
        proposals.file_hash,
        proposals.source_file,
        proposals.sheet as source_sheet,
        proposals.row_number as source_row
    from proposals
    left join per_proposal using (file_hash, sheet, row_number)
    left join catalog on proposals.award_code = catalog.award_code
)

select * from final
