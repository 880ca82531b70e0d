-- Grain: one proposal (file_hash, sheet, row_number) × one rule in force in its award year.
-- outcome: pass | fail | missing (input blank, or history absent) | not_checked (the
-- templates do not carry the input). Rules are data: seeds/award_rules.csv.
with

proposals as (
    select * from {{ ref('int_awards__proposals') }}
),

rules as (
    select * from {{ ref('award_rules') }}
),

catalog as (
    select * from {{ ref('award_catalog') }}
),

history as (
    select * from {{ ref('int_awards__history') }}
),

rules_in_force as (
    -- the version in force in the award year: latest valid_from not after the year's end
    select
        proposals.file_hash, proposals.sheet, proposals.row_number, rules.*
    from proposals
    inner join rules
        on rules.award_code in (proposals.award_code, 'ANY')
        and rules.valid_from <= make_date(proposals.year, 12, 31)
        and (rules.valid_to is null or rules.valid_to >= make_date(proposals.year, 1, 1))
    qualify row_number() over (
        partition by proposals.file_hash, proposals.sheet, proposals.row_number, rules.rule_code
        order by rules.valid_from desc
    ) = 1
),

history_counts as (
    select
        rules_in_force.file_hash, rules_in_force.sheet, rules_in_force.row_number,
        rules_in_force.rule_code,
        count(distinct history.year) as years_found
    from rules_in_force
    inner join proposals using (file_hash, sheet, row_number)
    left join history
        on history.nominee_key = proposals.nominee_key
        and history.award_code = 'chien_si_thi_dua_co_so'
        and history.year between proposals.year - cast(rules_in_force.parameter as integer)
            and proposals.year - 1
    where rules_in_force.check_kind = 'history_years'
    group by all
),

judged as (
    select
        proposals.file_hash,
        proposals.sheet,
        proposals.row_number,
        rules_in_force.rule_code,
        rules_in_force.on_fail,
        rules_in_force.legal_basis,
        rules_in_force.message,
        case rules_in_force.check_kind
            when 'not_carried' then 'not_checked'
            when 'rating_at_least' then
                case
                    when proposals.nominee_type = 'household' then 'pass'
                    when proposals.rating_rank is null then 'missing'
                    when proposals.rating_rank <= cast(rules_in_force.parameter as integer) then 'pass'
                    else 'fail'
                end
            when 'excellent_or_initiative' then
                case
                    when proposals.rating_rank = 1 then 'pass'
                    when proposals.has_initiative and proposals.initiative_level is not null then 'pass'
                    when proposals.rating_rank is null and proposals.has_initiative is null then 'missing'
                    when proposals.has_initiative and proposals.initiative_level is null then 'missing'
                    else 'fail'
                end
            when 'initiative_level' then
                case
                    when proposals.has_initiative is null then 'missing'
                    when proposals.has_initiative and proposals.initiative_level in ('Thành phố', 'Toàn quốc') then 'pass'
                    when proposals.has_initiative and proposals.initiative_level is null then 'missing'
                    else 'fail'
                end
            when 'history_years' then
                case
                    when history_counts.years_found = cast(rules_in_force.parameter as integer) then 'pass'
                    when not proposals.has_personal_id then 'missing'
                    else 'fail'
                end
        end as outcome
    from rules_in_force
    inner join proposals using (file_hash, sheet, row_number)
    left join history_counts using (file_hash, sheet, row_number, rule_code)
),

subject_rule as (
    select
        proposals.file_hash,
        proposals.sheet,
        proposals.row_number,
        'SUBJECT_MATCHES' as rule_code,
        'ineligible' as on_fail,
        catalog.legal_basis,
        'đối tượng đề nghị không phù hợp với danh hiệu/hình thức này' as message,
        case
            when catalog.award_code is null then 'missing'
            when catalog.subject in ('any', proposals.nominee_type) then 'pass'
            else 'fail'
        end as outcome
    from proposals
    left join catalog on proposals.award_code = catalog.award_code
),

final as (
    select * from judged
    union all
    select * from subject_rule
)

select * from final
