-- Grain: one commendation record of one nominee (record_kind, source_file, source_sheet,
-- source_row). "granted": already awarded, from every registry's LichSuKhenThuong;
-- "proposed": proposed by a sender, with its eligibility. The board looks a person or a unit
-- up across years by name or by nominee_key; no personal number is kept.
with

granted_rows as (
    select * from {{ ref('int_awards__granted') }}
),

catalog as (
    select * from {{ ref('award_catalog') }}
),

proposals as (
    select * from {{ ref('mart_award_proposals') }}
),

granted as (
    select
        granted_rows.nominee_key,
        granted_rows.nominee_name,
        granted_rows.nominee_type,
        coalesce(granted_rows.award_code, 'unknown') as award_code,
        coalesce(catalog.award_name, granted_rows.award_name) as award_name,
        granted_rows.year,
        'granted' as record_kind,
        granted_rows.decision_no,
        cast(null as varchar) as sender_code,
        cast(null as varchar) as eligibility_status,
        granted_rows.source_file,
        granted_rows.sheet as source_sheet,
        granted_rows.row_number as source_row
    from granted_rows
    left join catalog on granted_rows.award_code = catalog.award_code
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
