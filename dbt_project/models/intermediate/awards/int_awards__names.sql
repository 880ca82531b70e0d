-- Grain: one award wording as received (award_name), in proposals or the award history.
-- Matched through seeds/award_crosswalk.csv: an exact wording or province code first, then
-- the longest family prefix ("Huân chương ..."). An unmatched wording gets the closest
-- known one, which the DUNG_AWARD_UNKNOWN warning names.
with

proposals as (
    select award_name from {{ ref('stg_unit_reports__award_proposals') }}
),

history as (
    select award_name from {{ ref('stg_registry__award_history') }}
),

crosswalk as (
    select * from {{ ref('award_crosswalk') }}
),

catalog as (
    select * from {{ ref('award_catalog') }}
),

wordings as (
    select distinct award_name, {{ award_key('award_name') }} as wording_key
    from (select * from proposals union all select * from history) as received
    where award_name is not null
),

matches as (
    select
        wordings.award_name,
        crosswalk.award_code,
        crosswalk.key_kind,
        crosswalk.match
    from wordings
    inner join crosswalk
        on (crosswalk.match = 'exact' and wordings.wording_key = crosswalk.wording_key)
        or (crosswalk.match = 'prefix' and (wordings.wording_key = crosswalk.wording_key
            or starts_with(wordings.wording_key, crosswalk.wording_key || ' ')))
    qualify row_number() over (
        partition by wordings.award_name
        order by crosswalk.match = 'exact' desc, length(crosswalk.wording_key) desc
    ) = 1
),

closest as (
    -- for a wording no entry matches: the known wording sharing most words with it, then
    -- the nearest by spelling; a number is compared with the province's codes only
    select
        wordings.award_name,
        arg_max(crosswalk.award_code,
            len(list_intersect(string_split(wordings.wording_key, ' '),
                string_split(crosswalk.wording_key, ' ')))
            + jaro_winkler_similarity(wordings.wording_key, crosswalk.wording_key))
            as closest_award_code
    from wordings
    inner join crosswalk
        on (crosswalk.key_kind = 'code') = regexp_full_match(wordings.wording_key, '[0-9]+')
    where wordings.award_name not in (select award_name from matches)
    group by wordings.award_name
),

final as (
    select
        wordings.award_name,
        wordings.wording_key,
        matches.award_code,
        case
            when matches.award_code is null then null
            when matches.key_kind = 'code' then 'code'
            else matches.match
        end as matched_by,
        closest_catalog.award_name as closest_award_name
    from wordings
    left join matches using (award_name)
    left join closest using (award_name)
    left join catalog as closest_catalog on closest.closest_award_code = closest_catalog.award_code
)

select * from final
