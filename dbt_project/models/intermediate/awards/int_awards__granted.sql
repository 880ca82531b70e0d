-- Grain: one row of a LichSuKhenThuong sheet (file_hash, sheet, row_number) of each year's
-- current registry, every year the warehouse holds: an award already granted, with its award
-- code and a key that hides a personal number. A unit keeps its code, or takes its new one
-- when SapNhapDonVi maps exactly one old code to it (a rename); a unit merged from several
-- keeps its old codes, whose history does not pass to it (CONTRACT.md section 2).
with

current_registry as (
    select * from {{ ref('int_registry__current') }}
),

history as (
    select * from {{ ref('stg_registry__award_history') }}
    where not has_error and not is_duplicate
        and file_hash in (select file_hash from current_registry)
),

renames as (
    -- an old code → its new one, when the new unit has that one old code only
    select old_code, new_code
    from {{ ref('int_registry__unit_mergers') }}
    where is_rename and old_code <> new_code
),

names as (
    select * from {{ ref('int_awards__names') }}
),

final as (
    select
        history.file_hash,
        history.sheet,
        history.row_number,
        history.source_file,
        case
            when length(history.nominee_id) in (9, 12) then {{ nominee_key('history.nominee_id') }}
            else coalesce(renames.new_code, history.nominee_id)
        end as nominee_key,
        case when length(history.nominee_id) in (9, 12) then 'individual' else 'collective' end
            as nominee_type,
        history.nominee_name,
        names.award_code,
        history.award_name,
        history.year,
        history.decision_no
    from history
    left join names on history.award_name = names.award_name
    left join renames
        on length(history.nominee_id) not in (9, 12) and history.nominee_id = renames.old_code
)

select * from final
