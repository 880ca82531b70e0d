-- Grain: one proposal (file_hash, sheet, row_number) × one rule in force in its award year
-- for its subject (rules sharing any_of judged as one: any that passes is enough).
-- outcome: pass | fail | missing (the input is blank, or the award history does not know
-- the nominee) | not_checked (no workbook, or not this sheet, carries the input).
-- evidence: the data the rule read. Rules are data: seeds/award_rules.csv.
with

inputs as (
    select * from {{ ref('int_awards__rule_inputs') }}
),

rules as (
    -- a blank parameter is no parameter
    select
        award_code, subject, rule_code, nullif(any_of, '') as any_of, check_kind, on_fail,
        nullif(threshold, '') as threshold,
        nullif(history_awards, '') as history_awards,
        cast(nullif(window_years, '') as integer) as window_years,
        cast(nullif(min_count, '') as integer) as min_count,
        cast(nullif(max_gap, '') as integer) as max_gap,
        legal_basis, valid_from,
        cast(nullif(valid_to, '') as date) as valid_to,
        message
    from {{ ref('award_rules') }}
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
        inputs.file_hash, inputs.sheet, inputs.row_number, rules.*
    from inputs
    inner join rules
        on rules.award_code in (inputs.award_code, 'ANY')
        and (rules.subject = 'any' or list_contains(string_split(rules.subject, '|'), inputs.nominee_type))
        and rules.valid_from <= make_date(inputs.year, 12, 31)
        and (rules.valid_to is null or rules.valid_to >= make_date(inputs.year, 1, 1))
    qualify row_number() over (
        partition by inputs.file_hash, inputs.sheet, inputs.row_number, rules.rule_code
        order by rules.valid_from desc
    ) = 1
),

known as (
    -- a nominee with at least one record in the award history is known to it
    select distinct nominee_key from history
),

history_years as (
    -- the distinct years in the rule's window in which the nominee got an award that counts
    select distinct
        rules_in_force.file_hash, rules_in_force.sheet, rules_in_force.row_number,
        rules_in_force.rule_code, rules_in_force.max_gap, history.year
    from rules_in_force
    inner join inputs using (file_hash, sheet, row_number)
    inner join history
        on history.nominee_key = inputs.history_key
        and list_contains(string_split(rules_in_force.history_awards, '|'), history.award_code)
        and history.year < inputs.year
        and (rules_in_force.window_years is null
            or history.year >= inputs.year - rules_in_force.window_years)
    where rules_in_force.check_kind = 'history'
),

history_runs as (
    -- a run: years no more than max_gap apart (any gap when max_gap is blank)
    select
        *,
        sum(case when year - previous_year <= coalesce(max_gap, 1000) then 0 else 1 end) over (
            partition by file_hash, sheet, row_number, rule_code order by year
        ) as run_id
    from (
        select
            *,
            lag(year) over (partition by file_hash, sheet, row_number, rule_code order by year)
                as previous_year
        from history_years
    ) as ordered_years
),

history_found as (
    select
        file_hash, sheet, row_number, rule_code,
        max(run_length) as longest_run,
        string_agg(years, ', ') as years_found
    from (
        select
            file_hash, sheet, row_number, rule_code, run_id,
            count(*) as run_length,
            string_agg(cast(year as varchar), ', ' order by year) as years
        from history_runs
        group by all
    ) as runs
    group by all
),

judged as (
    select
        rules_in_force.file_hash,
        rules_in_force.sheet,
        rules_in_force.row_number,
        rules_in_force.rule_code,
        rules_in_force.any_of,
        rules_in_force.on_fail,
        rules_in_force.legal_basis,
        rules_in_force.message,
        case rules_in_force.check_kind
            when 'not_carried' then 'not_checked'
            when 'rating_at_least' then
                case
                    when not inputs.carries_rating then 'not_checked'
                    when inputs.rating_rank is null then 'missing'
                    when inputs.rating_rank <= cast(rules_in_force.threshold as integer) then 'pass'
                    else 'fail'
                end
            when 'initiative_at_least' then
                case
                    when not inputs.carries_initiative then 'not_checked'
                    when inputs.has_initiative = false then 'fail'
                    when inputs.initiative_rank is null then 'missing'
                    when inputs.initiative_rank >= cast(rules_in_force.threshold as integer) then 'pass'
                    else 'fail'
                end
            when 'history' then
                case
                    when inputs.history_key is null or known.nominee_key is null then 'missing'
                    when coalesce(history_found.longest_run, 0) >= rules_in_force.min_count then 'pass'
                    else 'fail'
                end
            when 'block_leader' then
                case
                    when inputs.rank_in_block is null then 'missing'
                    when inputs.rank_in_block <= cast(rules_in_force.threshold as integer) then 'pass'
                    else 'fail'
                end
            when 'all_indicators_achieved' then
                case
                    when inputs.indicators_total is null then 'missing'
                    when inputs.indicators_achieved = inputs.indicators_total then 'pass'
                    else 'fail'
                end
        end as outcome,
        case rules_in_force.check_kind
            when 'rating_at_least' then
                case
                    when not inputs.carries_rating then 'biểu không có cột Xếp loại'
                    else 'xếp loại ' || coalesce('“' || inputs.rating || '”', 'để trống')
                end
            when 'initiative_at_least' then
                case
                    when not inputs.carries_initiative then 'biểu không có cột Sáng kiến'
                    else 'sáng kiến '
                        || case inputs.has_initiative when true then '“Có”' when false then '“Không”'
                            else 'để trống' end
                        || ', cấp công nhận ' || coalesce('“' || inputs.initiative_level || '”', 'để trống')
                end
            when 'history' then
                case
                    when inputs.history_key is null and inputs.nominee_type = 'collective'
                        then 'tên tập thể không khớp đơn vị nào trong danh mục'
                    when inputs.history_key is null then 'không có số định danh cá nhân'
                    when known.nominee_key is null then 'lịch sử khen thưởng chưa có bản ghi nào'
                    else 'lịch sử khen thưởng: ' || coalesce('năm ' || history_found.years_found,
                        'không có danh hiệu này trong khoảng năm xét')
                end
            when 'block_leader' then
                case
                    when inputs.unit_code is null then 'tên tập thể không khớp đơn vị nào trong danh mục'
                    when inputs.city_block_code is null then 'đơn vị không thuộc khối thi đua nào của thành phố năm ' || inputs.year
                    when inputs.rank_in_block is null then 'khối ' || inputs.city_block_code
                        || ' chưa có điểm kỳ ' || coalesce(inputs.annual_period_code, 'năm')
                    else 'khối ' || inputs.city_block_code || ', kỳ ' || inputs.annual_period_code
                        || ': hạng ' || inputs.rank_in_block
                end
            when 'all_indicators_achieved' then
                case
                    when inputs.unit_code is null then 'tên tập thể không khớp đơn vị nào trong danh mục'
                    when inputs.indicators_total is null then 'chưa có báo cáo chỉ tiêu kỳ năm ' || inputs.year
                    else 'kỳ ' || inputs.annual_period_code || ': đạt ' || inputs.indicators_achieved
                        || '/' || inputs.indicators_total || ' chỉ tiêu'
                end
        end as evidence
    from rules_in_force
    inner join inputs using (file_hash, sheet, row_number)
    left join known on inputs.history_key = known.nominee_key
    left join history_found using (file_hash, sheet, row_number, rule_code)
),

alternatives as (
    -- rules sharing any_of, as one: pass if one passes, else open if one is open, else
    -- failed. A rule not checked stays apart, listed as such, and decides nothing.
    select
        file_hash,
        sheet,
        row_number,
        case when outcome = 'not_checked' then rule_code else coalesce(any_of, rule_code) end
            as rule_code,
        any_value(on_fail) as on_fail,
        string_agg(distinct legal_basis, '; ') as legal_basis,
        string_agg(message, ' hoặc ' order by rule_code) as message,
        case
            when bool_or(outcome = 'pass') then 'pass'
            when bool_or(outcome = 'missing') then 'missing'
            when bool_or(outcome = 'fail') then 'fail'
            else 'not_checked'
        end as outcome,
        string_agg(evidence, '; ' order by rule_code) as evidence
    from judged
    group by
        file_hash, sheet, row_number,
        case when outcome = 'not_checked' then rule_code else coalesce(any_of, rule_code) end
),

subject_rule as (
    select
        inputs.file_hash,
        inputs.sheet,
        inputs.row_number,
        'SUBJECT_MATCHES' as rule_code,
        'ineligible' as on_fail,
        catalog.legal_basis,
        'danh hiệu/hình thức này chỉ xét cho '
            || replace(replace(replace(replace(catalog.subject, 'individual', 'cá nhân'),
                'collective', 'tập thể'), 'household', 'hộ gia đình'), '|', ' hoặc ')
            as message,
        case
            when catalog.subject = 'any'
                or list_contains(string_split(catalog.subject, '|'), inputs.nominee_type) then 'pass'
            else 'fail'
        end as outcome,
        'đối tượng ' || case inputs.nominee_type when 'individual' then 'cá nhân'
            when 'collective' then 'tập thể' when 'household' then 'hộ gia đình' end as evidence
    from inputs
    inner join catalog on inputs.award_code = catalog.award_code
),

final as (
    select * from alternatives
    union all
    select * from subject_rule
)

select * from final
