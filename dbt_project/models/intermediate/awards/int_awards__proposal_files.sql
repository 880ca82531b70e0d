-- Grain: one accepted file that carries a list of award proposals (file_hash). A sender's
-- list for a period comes from one file: the newest of its unit report and its
-- proposals-only workbook (award_proposals), by report date, then arrival, as versions are
-- ranked. A unit report without the DeNghiKhenThuong sheet carries no list and replaces
-- none; with the sheet, even empty, its list is the sender's list when it is the newer.
with

accepted_files as (
    select * from {{ ref('int_quality__accepted_files') }}
    where workbook_kind in ('unit_report', 'award_proposals')
),

files as (
    select * from {{ ref('int_files__versions') }}
),

carrying as (
    -- the proposals sheet's header was found: its required name column is recorded
    select file_hash, any_value(sheet) as sheet from {{ source('raw', 'sheet_columns') }}
    where column_name = 'nominee_name'
    group by file_hash
),

ranked as (
    select
        accepted_files.file_hash,
        accepted_files.workbook_kind,
        accepted_files.sender_code,
        accepted_files.period_code,
        files.source_file,
        carrying.sheet,
        row_number() over (
            partition by accepted_files.sender_code, accepted_files.period_code
            order by files.report_date desc nulls last, files.modified_at desc,
                files.first_seen_at desc
        ) as list_rank
    from accepted_files
    inner join carrying on accepted_files.file_hash = carrying.file_hash
    inner join files on accepted_files.file_hash = files.file_hash
),

final as (
    select
        file_hash,
        workbook_kind,
        sender_code,
        period_code,
        source_file,
        sheet,
        list_rank = 1 as is_used,
        first_value(source_file) over (
            partition by sender_code, period_code order by list_rank
        ) as used_file
    from ranked
)

select * from final
