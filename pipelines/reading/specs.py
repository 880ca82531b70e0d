"""The contract's workbooks as data: sheets, accepted headers, value kinds.

To accept a new header spelling, add it to the column's `headers`; matching
ignores case, diacritics, spacing and line breaks (see text.header_key).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

from pipelines.core.text import fold, header_key


@dataclass(frozen=True)
class Column:
    name: str  # column name in the warehouse
    headers: tuple[str, ...]  # accepted Vietnamese headers
    kind: str = "text"  # see parse.CONVERTERS
    required: bool = False  # a blank cell is a `du` error
    # The sender's copy of a figure the city takes from a better source (its assigned
    # target, the recomputed total and rank): unreadable is a warning, the row still loads.
    advisory: bool = False
    # Where the column's value comes from when the sheet has no such column: "report_year"
    # (the year of the report's period), "name_header" (the subject the name header names:
    # "Họ và tên" → individual). See parse._implied_columns.
    implied: str | None = None
    # Another column whose value stands in when this one is blank in a row (the province's
    # CANHAN list: a title's code where no form of commendation's code is given).
    fallback: str | None = None

    @cached_property
    def keys(self) -> frozenset[str]:
        return frozenset(header_key(h) for h in self.headers)


@dataclass(frozen=True)
class SheetSpec:
    table: str  # warehouse table in schema `raw`
    sheet: str  # sheet name in the template
    label: str  # what the sender calls it, for messages
    columns: tuple[Column, ...]
    key: str  # the column that makes a row a data row
    required: bool = True  # the workbook kind is unusable without it
    criterion_columns: bool = False  # ChamDiem: one column per criterion code (TC01...)
    # TieuChi: a row whose code heads the codes under it (TC01 over TC01.1, TC01.2) is a
    # group heading, whatever it holds: its maximum is its parts' sum, not one more criterion.
    headings: bool = False
    # The columns that name one row: a second row with the same ones and other figures is
    # refused (which of the two is true cannot be known), the first is used.
    unique: tuple[str, ...] = ()

    @property
    def sheet_key(self) -> str:
        return sheet_key(self.sheet)

    @cached_property
    def header_index(self) -> dict[str, str]:
        """Header key → column name, built once per spec (header search is the hot loop)."""
        return {key: column.name for column in self.columns for key in column.keys}

    @cached_property
    def header_prefixes(self) -> tuple[tuple[str, str], ...]:
        """(header key, column name), longest first: "Kết quả thực hiện" is tried before
        "Kết quả", so a qualified header names the column its longest accepted header names."""
        return tuple(sorted(self.header_index.items(), key=lambda item: -len(item[0])))


def sheet_key(name: str) -> str:
    """ "Kết quả chỉ tiêu", "2. KetQuaChiTieu" and "KetQuaChiTieu (2)" (Excel's name for a
    copied sheet) all name the sheet KetQuaChiTieu."""
    key = _plain_sheet_key(name)
    return _SHEET_COPY.sub("", _SHEET_NUMBER.sub("", key)) or key


def is_plain_sheet_name(name: str) -> bool:
    """Neither numbered nor a copy: the sheet to read when both are there."""
    return sheet_key(name) == _plain_sheet_key(name)


def _plain_sheet_key(name: str) -> str:
    return fold(name).replace(" ", "").replace("_", "")


_SHEET_NUMBER = re.compile(r"^(?:\d+|[ivx]+)[.)\-:]")
_SHEET_COPY = re.compile(r"\(\d+\)$")


C = Column
STT = C("stt", ("STT", "TT", "Số TT", "Số thứ tự"), "stt")

REGISTRY = (
    SheetSpec(
        "registry_units",
        "DonVi",
        "Danh mục đơn vị",
        (
            C("unit_code", ("Mã đơn vị", "Mã ĐV", "Mã"), "unit_code", True),
            C("unit_name", ("Tên đơn vị", "Tên"), "text", True),
            C("unit_type", ("Loại đơn vị", "Loại"), "text", True),
            C("parent_code", ("Mã đơn vị cấp trên", "Đơn vị cấp trên"), "unit_code"),
        ),
        key="unit_code",
        unique=("unit_code",),
    ),
    SheetSpec(
        "registry_blocks",
        "KhoiThiDua",
        "Khối thi đua",
        (
            C("block_code", ("Mã khối",), "code", True),
            C("block_name", ("Tên khối",), "text", True),
            C("block_level", ("Cấp khối", "Cấp"), "text", True),
            C("owner_code", ("Đơn vị phụ trách",), "unit_code"),
            C("leader_code", ("Khối trưởng", "Mã khối trưởng"), "unit_code"),
            C("deputy_code", ("Khối phó", "Mã khối phó"), "unit_code"),
            C("year", ("Năm",), "year", True),
        ),
        key="block_code",
        unique=("block_code", "year"),
    ),
    SheetSpec(
        "registry_block_members",
        "ThanhVienKhoi",
        "Thành viên khối",
        (
            C("block_code", ("Mã khối",), "code", True),
            C("unit_code", ("Mã đơn vị",), "unit_code", True),
            C("year", ("Năm",), "year", True),
        ),
        key="unit_code",
        unique=("block_code", "unit_code", "year"),
    ),
    SheetSpec(
        "registry_measures",
        "DanhMucChiTieu",
        "Danh mục chỉ tiêu",
        (
            C("measure_code", ("Mã chỉ tiêu",), "code", True),
            C("indicator_code", ("Chỉ tiêu", "Mã chỉ tiêu chính"), "code", True),
            C("measure_name", ("Tên chỉ tiêu",), "text", True),
            C("unit", ("Đơn vị tính", "ĐVT"), "text", True),
            C("comparator", ("Phép so sánh", "So sánh"), "comparator", True),
            # measure values: a bound typed in a percent-formatted cell (100% = 1.0) is 100
            C("min_value", ("Giá trị tối thiểu",), "measure_value"),
            C("max_value", ("Giá trị tối đa",), "measure_value"),
        ),
        key="measure_code",
        unique=("measure_code",),
    ),
    SheetSpec(
        "registry_targets",
        "ChiTieuGiao",
        "Chỉ tiêu giao",
        (
            C("year", ("Năm",), "year", True),
            C("unit_code", ("Mã đơn vị",), "unit_code", True),
            C("measure_code", ("Mã chỉ tiêu",), "code", True),
            C("target_value", ("Chỉ tiêu giao", "Giá trị giao"), "target", True),
        ),
        key="measure_code",
        unique=("year", "unit_code", "measure_code"),
    ),
    SheetSpec(
        "registry_periods",
        "KyBaoCao",
        "Kỳ báo cáo",
        (
            C("period_code", ("Mã kỳ",), "period", True),
            C("period_name", ("Tên kỳ",), "text", True),
            C("start_date", ("Từ ngày",), "date", True),
            C("end_date", ("Đến ngày",), "date", True),
            C("deadline", ("Hạn nộp",), "date", True),
        ),
        key="period_code",
        unique=("period_code",),
    ),
    SheetSpec(
        "registry_award_history",
        "LichSuKhenThuong",
        "Lịch sử khen thưởng",
        (
            C("nominee_id", ("Số định danh", "Mã đơn vị", "Số định danh hoặc mã đơn vị"), "id"),
            C("nominee_name", ("Họ tên", "Tên tập thể", "Họ tên / Tên tập thể"), "name", True),
            C("award_name", ("Danh hiệu/Hình thức", "Danh hiệu", "Hình thức"), "text", True),
            C("year", ("Năm",), "year", True),
            C("decision_no", ("Số quyết định",), "text"),
        ),
        key="nominee_name",
        required=False,
    ),
    SheetSpec(
        "registry_unit_mergers",
        "SapNhapDonVi",
        "Sắp xếp, sáp nhập đơn vị",
        (
            C("old_code", ("Mã đơn vị cũ",), "unit_code", True),
            C("new_code", ("Mã đơn vị mới",), "unit_code", True),
            C("effective_date", ("Ngày hiệu lực",), "date"),
        ),
        key="old_code",
        unique=("old_code",),
        required=False,
    ),
)

UNIT_REPORT = (
    SheetSpec(
        "unit_indicator_results",
        "KetQuaChiTieu",
        "Kết quả chỉ tiêu",
        (
            STT,
            C("measure_code", ("Mã chỉ tiêu",), "code", True),
            C("measure_name", ("Tên chỉ tiêu",), "text"),
            C("unit", ("Đơn vị tính", "ĐVT"), "text"),
            C("reported_target", ("Chỉ tiêu giao",), "target", advisory=True),
            C("actual_value", ("Kết quả thực hiện", "Kết quả", "Thực hiện"), "measure_value", True),
            C("note", ("Ghi chú",), "text"),
        ),
        key="measure_code",
        unique=("measure_code",),
    ),
    SheetSpec(
        "unit_award_proposals",
        "DeNghiKhenThuong",
        "Đề nghị khen thưởng",
        (
            STT,
            # the province's emulation software and office lists word them their own way
            # (../shared/spec/PROVINCE_FORMATS.md): all are accepted
            C(
                "nominee_name",
                (
                    "Họ và tên",
                    "Tên tập thể",
                    "Họ và tên / Tên tập thể",
                    "Họ tên",
                    "Tên tập thể/cá nhân/hộ gia đình",
                    "Tên cá nhân/tập thể",
                    "Tên đơn vị / tập thể",
                    "Tên đơn vị/tập thể",
                ),
                "name",
                True,
            ),
            C("honorific", ("Tên gọi (Ông/Bà/Chức danh)", "Tên gọi", "Danh xưng"), "text"),
            C(
                "nominee_type",
                ("Đối tượng", "Phân loại khen thưởng", "Loại đối tượng", "Đối tượng khen thưởng"),
                "nominee_type",
                True,
                implied="name_header",
            ),
            C("birth_date", ("Ngày sinh", "Ngày tháng năm sinh", "Ngày, tháng, năm sinh"), "date"),
            C("gender", ("Giới tính",), "gender"),
            C(
                "personal_id",
                (
                    "Số định danh cá nhân",
                    "Số định danh",
                    "Số CCCD",
                    "Số CCCD/CMND",
                    "Số CMND/CCCD",
                    "Số căn cước công dân",
                    "Số căn cước",
                ),
                "personal_id",
            ),
            C("position", ("Chức vụ", "Chức vụ, chức danh"), "text"),
            C(
                "workplace",
                ("Đơn vị công tác", "Tên đơn vị/tập thể công tác", "Nơi công tác"),
                "text",
            ),
            C(
                "award_name",
                (
                    "Danh hiệu/Hình thức đề nghị",
                    "Danh hiệu đề nghị",
                    "Danh hiệu thi đua/Hình thức khen thưởng",
                    "Hình thức khen thưởng",
                    "Danh hiệu thi đua",
                    "Hình thức khen thưởng đề nghị",
                    "Mã hình thức khen thưởng",
                ),
                "text",
                True,
                fallback="award_title_code",
            ),
            C(
                "award_title_code",
                ("Mã danh hiệu thi đua", "Mã danh hiệu thi đua (nếu có)"),
                "text",
            ),
            C("year", ("Năm",), "year", True, implied="report_year"),
            C("rating", ("Xếp loại",), "rating"),
            C("has_initiative", ("Sáng kiến",), "yes_no"),
            C("initiative_decision", ("Số quyết định công nhận sáng kiến",), "text"),
            C("initiative_level", ("Cấp công nhận sáng kiến",), "initiative_level"),
            C("achievement_summary", ("Tóm tắt thành tích",), "text"),
            C("note", ("Ghi chú",), "text"),
        ),
        key="nominee_name",
        required=False,
    ),
)

BLOCK_REPORT = (
    SheetSpec(
        "block_criteria",
        "TieuChi",
        "Tiêu chí chấm điểm",
        (
            STT,
            C("criterion_code", ("Mã tiêu chí",), "code", True),
            C("content", ("Nội dung",), "text", True),
            C("group_name", ("Nhóm",), "text"),
            C("max_score", ("Điểm tối đa",), "number", True),
        ),
        key="criterion_code",
        unique=("criterion_code",),
        headings=True,
    ),
    SheetSpec(
        "block_scores",
        "ChamDiem",
        "Chấm điểm",
        (
            STT,
            C("unit_code", ("Mã đơn vị",), "unit_code", True),
            C("unit_name", ("Tên đơn vị",), "text"),
            C("bonus", ("Điểm thưởng",), "number"),
            C("penalty", ("Điểm trừ",), "deduction"),
            C("reported_total", ("Tổng điểm",), "number", advisory=True),
            C("reported_rank", ("Xếp hạng", "Thứ hạng"), "number", advisory=True),
        ),
        key="unit_code",
        unique=("unit_code",),
        criterion_columns=True,
    ),
    SheetSpec(
        "block_signatures",
        "GiaoUoc",
        "Ký giao ước",
        (
            STT,
            C("unit_code", ("Mã đơn vị",), "unit_code", True),
            C("signed_date", ("Ngày ký",), "date"),
            C("signer", ("Người ký",), "person"),
        ),
        key="unit_code",
        unique=("unit_code",),
        required=False,
    ),
)

INFO_SHEET = "ThongTin"
INFO_LABELS = {
    "sender_code": ("Mã đơn vị", "Mã khối", "Mã số đơn vị", "Mã ĐV"),
    "sender_name": ("Tên đơn vị", "Tên khối"),
    "period": ("Kỳ báo cáo",),
    "report_date": ("Ngày báo cáo", "Ngày lập báo cáo", "Ngày lập", "Ngày gửi"),
    "prepared_by": ("Người lập", "Người lập báo cáo", "Người lập biểu"),
    "phone": ("Điện thoại",),
    "email": ("Email", "Thư điện tử"),
    "leader_unit": ("Đơn vị khối trưởng",),
    "year": ("Năm", "Năm áp dụng"),  # a registry's year, said outright
}

# The contract's three workbooks: one template each, one raw table per sheet.
KINDS: dict[str, tuple[SheetSpec, ...]] = {
    "registry": REGISTRY,
    "unit_report": UNIT_REPORT,
    "block_report": BLOCK_REPORT,
}
# A unit report without indicator results: a school or an agency has no indicators to
# report, and a ward often sends its award proposals (tờ trình) apart from its report.
# Read as its own kind, so it never replaces the indicator results of the sender's report;
# its rows go to the same raw table as a unit report's proposals.
PROPOSALS_ONLY = "award_proposals"
READ_KINDS: dict[str, tuple[SheetSpec, ...]] = {
    **KINDS,
    PROPOSALS_ONLY: (replace(UNIT_REPORT[1], required=True),),
}
KIND_LABELS = {
    "registry": "Danh mục của thành phố",
    "unit_report": "Báo cáo đơn vị",
    "block_report": "Báo cáo khối thi đua",
    PROPOSALS_ONLY: "Đề nghị khen thưởng của đơn vị",
}
# The sheets that identify a kind: every one must be present; the first kind that
# matches wins (a unit report with both tables is a unit report).
KIND_SIGNATURES = {
    "registry": ("DonVi", "DanhMucChiTieu"),
    "unit_report": ("ThongTin", "KetQuaChiTieu"),
    "block_report": ("ThongTin", "ChamDiem"),
    PROPOSALS_ONLY: ("ThongTin", "DeNghiKhenThuong"),
}
# Kinds sent by a unit (sender code: the unit's 5-digit or registry code).
UNIT_KINDS = ("unit_report", PROPOSALS_ONLY)
RATINGS = (
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Không hoàn thành nhiệm vụ",
)
NOMINEE_TYPES = {"ca nhan": "individual", "tap the": "collective", "ho gia dinh": "household"}
# How the column is abbreviated in city offices; read, and noted for the steward.
NOMINEE_TYPE_ABBREVIATIONS = {
    "cn": "individual",
    "tt": "collective",
    "hgd": "household",
    "ho": "household",
    # the province software's codes and words (its "phan loai kt" list)
    "canhan": "individual",
    "taphe": "collective",
    "tapthe": "collective",
    "hogiadinh": "household",
    "khenthuongcanhan": "individual",
    "khenthuongtapthe": "collective",
    "khenthuonghogiadinh": "household",
}
