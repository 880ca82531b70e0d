-- Grain: one row of the current registry's LichSuKhenThuong (file_hash, sheet, row_number):
-- an award already granted, with the award code and a key that hides a personal number
-- (a unit keeps its code).
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

final as (
    select
        history.file_hash,
        history.sheet,
        history.row_number,
        history.source_file,
        case
            when length(history.nominee_id) in (9, 12) then {{ nominee_key('history.nominee_id') }}
            else history.nominee_id
        end as nominee_key,
        case when length(history.nominee_id) in (9, 12) then 'individual' else 'collective' end
            as nominee_type,
        history.nominee_name,
        names.award_code,
        history.award_name,
        history.year,
        history.decision_no
    from history
    inner join current_registry on history.file_hash = current_registry.file_hash
    left join names on {{ fold_text('history.award_name') }} = names.name_key
    where not history.has_error and not history.is_duplicate
)

select * from final
