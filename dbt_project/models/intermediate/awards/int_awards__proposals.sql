-- Grain: one accepted proposal row (file_hash, sheet, row_number), with the award code (by
-- the crosswalk), a rating rank (1 = Hoàn thành xuất sắc nhiệm vụ ... 4), an initiative
-- rank (1 = Cơ sở, 2 = Thành phố, 3 = Toàn quốc), which rule inputs the file's sheet
-- carries, and the key the award history knows the nominee by: a one-way key of the
-- personal number for a person, the registry's unit code for a collective named as a unit.
with

proposals as (
    select * from {{ ref('stg_unit_reports__award_proposals') }}
),

proposal_files as (
    -- the one file per sender and period whose list is used
    select * from {{ ref('int_awards__proposal_files') }} where is_used
),

names as (
    select * from {{ ref('int_awards__names') }}
),

units as (
    -- each year's registered names; a name two units share that year names neither
    select distinct
        registry_year,
        {{ unit_name_key('unit_name') }} as unit_key,
        case when count(*) over (partition by registry_year, {{ unit_name_key('unit_name') }}) = 1
            then unit_code end as unit_code
    from {{ ref('int_registry__wards') }}
),

collectives as (
    -- a collective named as a unit: by the registry of the proposal's year, else the newest
    select proposals.file_hash, proposals.sheet, proposals.row_number, units.unit_code
    from proposals
    inner join units on {{ unit_name_key('proposals.nominee_name') }} = units.unit_key
    where proposals.nominee_type = 'collective'
    qualify row_number() over (
        partition by proposals.file_hash, proposals.sheet, proposals.row_number
        order by coalesce(units.registry_year = proposals.year, false) desc,
            units.registry_year desc nulls last
    ) = 1
),

sheet_columns as (
    select file_hash, sheet, list(column_name) as columns
    from {{ source('raw', 'sheet_columns') }}
    group by all
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
        case when proposals.nominee_type = 'collective' then units.unit_code end as unit_code,
        case proposals.nominee_type
            when 'individual' then {{ nominee_key('proposals.personal_id') }}
            when 'collective' then units.unit_code
        end as history_key,
        proposals.position,
        proposals.award_name,
        names.award_code,
        names.matched_by as award_matched_by,
        names.closest_award_name,
        proposals.rating,
        case proposals.rating
            when 'Hoàn thành xuất sắc nhiệm vụ' then 1
            when 'Hoàn thành tốt nhiệm vụ' then 2
            when 'Hoàn thành nhiệm vụ' then 3
            when 'Không hoàn thành nhiệm vụ' then 4
        end as rating_rank,
        proposals.has_initiative,
        proposals.initiative_decision,
        proposals.initiative_level,
        case proposals.initiative_level
            when 'Cơ sở' then 1
            when 'Thành phố' then 2
            when 'Toàn quốc' then 3
        end as initiative_rank,
        coalesce(list_contains(sheet_columns.columns, 'rating'), false) as carries_rating,
        coalesce(list_contains(sheet_columns.columns, 'has_initiative')
            or list_contains(sheet_columns.columns, 'initiative_level'), false)
            as carries_initiative
    from proposals
    inner join proposal_files on proposals.file_hash = proposal_files.file_hash
    left join names on proposals.award_name = names.award_name
    left join collectives as units
        on proposals.file_hash = units.file_hash
        and proposals.sheet = units.sheet
        and proposals.row_number = units.row_number
    left join sheet_columns
        on proposals.file_hash = sheet_columns.file_hash and proposals.sheet = sheet_columns.sheet
    where {{ is_accepted_row('proposals') }}
)

select * from final
