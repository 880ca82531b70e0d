"""Quality issues found while reading: one per problem, with a stable rule code.

Rule codes start with their dimension: DUNG (correct), DU (complete),
SACH (clean), SONG (current). Messages are for the sender, in Vietnamese.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

ERROR, WARNING, INFO = "error", "warning", "info"

# rule_code → (dimension, severity, title) of the rules applied while reading. Rules across
# tables live in dbt (models/intermediate/quality/), those on rows in the GX suites; all
# land in quality.dq_issues, whose dimension is the code's prefix.
RULES: dict[str, tuple[str, str, str]] = {
    "DUNG_FILE_UNREADABLE": ("dung", ERROR, "Tệp không đọc được"),
    "DUNG_FILE_TOO_COSTLY": ("dung", ERROR, "Tệp vượt giới hạn bộ nhớ hoặc thời gian đọc"),
    "DUNG_FILE_FORMAT": ("dung", ERROR, "Tệp không phải định dạng Excel .xlsx"),
    "DUNG_FILE_NOT_READ": (
        "dung",
        ERROR,
        "Không phải tệp báo cáo đọc được (liên kết ra ngoài, ống dẫn...)",
    ),
    "DUNG_FILE_UNKNOWN_KIND": ("dung", ERROR, "Tệp không thuộc loại biểu mẫu nào"),
    "DUNG_PERIOD_UNREADABLE": ("dung", ERROR, "Kỳ báo cáo không đọc được"),
    "DUNG_VALUE_UNREADABLE": ("dung", ERROR, "Giá trị không đọc được"),
    "DUNG_REPORTED_UNREADABLE": ("dung", WARNING, "Số đối chiếu không đọc được; dòng vẫn được nạp"),
    "DUNG_VALUE_NOT_ALLOWED": ("dung", ERROR, "Giá trị không thuộc danh mục"),
    "DUNG_SHEET_TOO_LARGE": ("dung", ERROR, "Trang quá lớn so với một báo cáo"),
    "DU_SHEET_MISSING": ("du", ERROR, "Thiếu trang bắt buộc"),
    "DU_HEADER_NOT_FOUND": ("du", ERROR, "Không tìm thấy dòng tiêu đề"),
    "DU_COLUMN_MISSING": ("du", ERROR, "Thiếu cột bắt buộc"),
    "DU_COLUMN_NOT_RECOGNISED": ("du", WARNING, "Cột gần giống một tiêu đề nhưng không được nhận"),
    "DU_INFO_MISSING": ("du", ERROR, "Thiếu thông tin người gửi"),
    "DU_CELL_REQUIRED": ("du", ERROR, "Ô bắt buộc bị bỏ trống"),
    "SACH_VALUE_NORMALISED": ("sach", INFO, "Giá trị đã được chuẩn hoá"),
    "SACH_ENCODING_CONVERTED": ("sach", INFO, "Chữ gõ bảng mã cũ đã chuyển sang Unicode"),
    "SACH_ROW_DUPLICATE": ("sach", WARNING, "Dòng trùng lặp"),
    "SACH_KEY_REPEATED": ("sach", ERROR, "Một mã có hai dòng với số liệu khác nhau"),
    "SACH_MACRO_IGNORED": ("sach", INFO, "Tệp có macro; macro không được chạy"),
    "SACH_SHEET_DUPLICATE": ("sach", WARNING, "Tệp có hai trang cùng loại; chỉ đọc một"),
    "SACH_FILE_DUPLICATE": ("sach", INFO, "Tệp gửi trùng (giống hệt tệp đã nhận)"),
    "SACH_IDENTITY_FROM_FOLDERS": ("sach", INFO, "Đơn vị và kỳ lấy từ thư mục chứa tệp"),
}


@dataclass
class Issue:
    rule_code: str
    message: str
    sheet: str | None = None
    row_number: int | None = None  # as Excel shows it
    column_name: str | None = None  # the header as the sender wrote it, with its letter
    value: str | None = None
    blocks_file: bool = False  # the whole file is unusable (unreadable, unknown kind, no sender)

    @property
    def dimension(self) -> str:
        return RULES[self.rule_code][0]

    @property
    def severity(self) -> str:
        return RULES[self.rule_code][1]

    def as_row(self) -> dict:
        row = asdict(self)
        del row["blocks_file"]
        return row | {"dimension": self.dimension, "severity": self.severity}
