-- Grain: one accepted proposal row (file_hash, sheet, row_number), with the award code,
-- a rating rank (1 = Hoàn thành xuất sắc nhiệm vụ ... 4) and a key that hides the number.
with

proposals as (
    select * from {{ ref('stg_unit_reports__award_proposals') }}
),

proposal_files as (
    -- the one file per sender and period whose list is used
    select * from {{ ref('int_awards__proposal_files') }} where is_used
),

names as (
    select * from {{ ref('award_names') }}
),

final as (
    select
        proposals.file_hash,
        proposals.sheet,
        proposals.row_number,
        proposals.source_file,
        proposal_files.sender_code,
        proposals.year,
        proposals.nominee_name,
        proposals.nominee_type,
        {{ nominee_key('proposals.personal_id') }} as nominee_key,
        -- the same person: same personal number, or same name and birth date
        case
            when proposals.personal_id is not null then {{ nominee_key('proposals.personal_id') }}
            when proposals.birth_date is not null
                then person_key({{ fold_text('proposals.nominee_name') }} || '|'
                    || cast(proposals.birth_date as varchar))
        end as person_key,
        proposals.personal_id is not null as has_personal_id,
        proposals.position,
        proposals.award_name,
        names.award_code,
        proposals.rating,
        case proposals.rating
            when 'Hoàn thành xuất sắc nhiệm vụ' then 1
            when 'Hoàn thành tốt nhiệm vụ' then 2
            when 'Hoàn thành nhiệm vụ' then 3
            when 'Không hoàn thành nhiệm vụ' then 4
        end as rating_rank,
        proposals.has_initiative,
        proposals.initiative_decision,
        proposals.initiative_level
    from proposals
    inner join proposal_files on proposals.file_hash = proposal_files.file_hash
    left join names on {{ fold_text('proposals.award_name') }} = names.name_key
    where {{ is_accepted_row('proposals') }}
)

select * from final
