-- Grain: one commendation record of one nominee (record_kind, source_file, source_sheet,
-- source_row). "granted": already awarded, from the current registry's LichSuKhenThuong;
-- "proposed": proposed by a sender, with its eligibility. The board looks a person or a unit
-- up across years by name or by nominee_key; no personal number is kept.
with

history as (
    select * from {{ ref('stg_registry__award_history') }}
),

current_registry as (
    select * from {{ ref('int_registry__current') }}
),

names as (
    select * from {{ ref('award_names') }}
),

catalog as (
    select * from {{ ref('award_catalog') }}
),

proposals as (
    select * from {{ ref('mart_award_proposals') }}
),

granted as (
    select
        case
            when length(history.nominee_id) in (9, 12) then {{ nominee_key('history.nominee_id') }}
            else history.nominee_id
        end as nominee_key,
        history.nominee_name,
        case when length(history.nominee_id) in (9, 12) then 'individual' else 'collective' end
            as nominee_type,
        coalesce(names.award_code, 'unknown') as award_code,
        coalesce(catalog.award_name, history.award_name) as award_name,
        history.year,
        'granted' as record_kind,
        history.decision_no,
        cast(null as varchar) as sender_code,
        cast(null as varchar) as eligibility_status,
        history.source_file,
        history.sheet as source_sheet,
        history.row_number as source_row
    from history
    inner join current_registry on history.file_hash = current_registry.file_hash
    left join names on {{ fold_text('history.award_name') }} = names.name_key
    left join catalog on names.award_code = catalog.award_code
    where not history.has_error and not history.is_duplicate
),

proposed as (
    select
        coalesce(person_key, nominee_key) as nominee_key,
        nominee_name,
        nominee_type,
        award_code,
        award_name,
        year,
        'proposed' as record_kind,
        cast(null as varchar) as decision_no,
        sender_code,
        eligibility_status,
        source_file,
        source_sheet,
        source_row
    from proposals
),

final as (
    select *, {{ fold_text('nominee_name') }} as name_key from granted
    union all
    select *, {{ fold_text('nominee_name') }} as name_key from proposed
)

select * from final
