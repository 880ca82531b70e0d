-- Grain: one file. The registry the city sent last wins as a whole (amended any time).
with

files as (
    select * from {{ ref('stg_raw__files') }}
),

final as (
    select file_hash
    from files
    where workbook_kind = 'registry' and is_current
)

select * from final
