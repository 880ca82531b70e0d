-- Grain: file_hash (a block's current report), value (the unit code), rule_code: a member the registry
-- lists for the block that year but the report does not score (DU_MEMBER_UNSCORED), or that
-- no report of the block that year shows signing the covenant (DU_COVENANT_UNSIGNED).
with

block_files as (
    select * from {{ ref('int_quality__accepted_files') }}
    where workbook_kind = 'block_report'
),

members as (
    select * from {{ ref('int_registry__block_members') }}
),

scores as (
    select * from {{ ref('stg_block_reports__scores') }}
),

signatures as (
    select * from {{ ref('stg_block_reports__signatures') }}
),

expected as (
    select
        block_files.file_hash,
        block_files.sender_code as block_code,
        members.year,
        members.unit_code
    from block_files
    inner join members
        on block_files.sender_code = members.block_code
        and {{ period_year('block_files.period_code') }} = members.year
),

-- The covenant is signed once a year: a signature in any of the year's reports counts.
signed as (
    select distinct
        block_files.sender_code as block_code,
        {{ period_year('block_files.period_code') }} as year,
        signatures.unit_code
    from signatures
    inner join block_files on signatures.file_hash = block_files.file_hash
    where signatures.unit_code is not null
),

unscored as (
    select
        expected.file_hash,
        'DU_MEMBER_UNSCORED' as rule_code,
        'ChamDiem' as sheet,
        'Mã đơn vị' as column_name,
        expected.unit_code as value,
        'Đơn vị ' || expected.unit_code || ' là thành viên khối ' || expected.block_code
            || ' năm ' || expected.year
            || ' theo danh mục của thành phố nhưng không có trong bảng chấm điểm; '
            || 'vui lòng chấm điểm đủ các thành viên.' as message
    from expected
    left join scores
        on expected.file_hash = scores.file_hash
        and expected.unit_code = scores.unit_code
    where scores.unit_code is null
),

unsigned as (
    select
        expected.file_hash,
        'DU_COVENANT_UNSIGNED' as rule_code,
        'GiaoUoc' as sheet,
        'Mã đơn vị' as column_name,
        expected.unit_code as value,
        'Đơn vị ' || expected.unit_code || ' là thành viên khối ' || expected.block_code
            || ' năm ' || expected.year || ' nhưng chưa có trong danh sách ký giao ước thi đua '
            || '(trang GiaoUoc); vui lòng bổ sung ngày ký và người ký.' as message
    from expected
    left join signed
        on expected.block_code = signed.block_code
        and expected.year = signed.year
        and expected.unit_code = signed.unit_code
    where signed.unit_code is null
),

final as (
    select * from unscored
    union all
    select * from unsigned
)

select * from final
