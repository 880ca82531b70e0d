-- Grain: one award already granted (nominee_key or unit code, award_code, year) from the
-- current registry's LichSuKhenThuong.
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
    select distinct
        case
            when length(history.nominee_id) in (9, 12) then {{ nominee_key('history.nominee_id') }}
            else history.nominee_id
        end as nominee_key,
        names.award_code,
        history.year
    from history
    inner join current_registry on history.file_hash = current_registry.file_hash
    left join names on {{ fold_text('history.award_name') }} = names.name_key
    where not history.has_error and not history.is_duplicate
)

select * from final
