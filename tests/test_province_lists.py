"""Nominee lists made in or for the province's emulation software, and lists laid out as
offices lay them out (../shared/spec/PROVINCE_FORMATS.md). Each workbook here is typed
cell by cell as the layout shows it, not made by the sample generator, and every row
read is checked."""

import datetime as dt
import shutil
from pathlib import Path

import duckdb
from openpyxl import Workbook

from pipelines.cli import main
from pipelines.reading.workbook import parse_workbook

FILE_NHAN_HEADERS = [
    "STT",
    "Tên gọi\n(Ông/Bà/Chức danh)",
    "Tên tập thể/cá nhân/hộ gia đình",
    "Chức vụ",
    "Đơn vị công tác",
    "Phân loại khen thưởng",
    "Danh hiệu thi đua/Hình thức khen thưởng",
    "Phân loại đối tượng",
    "Lĩnh vực hoạt động",
]


def file_nhan(path: Path) -> Path:
    """MauTDKT.xlsx's "file nhận" filled with three nominees, its lookups hidden, its
    formula columns R-U caching #N/A down to row 30 as a blank template does."""
    wb = Workbook()
    ws = wb.active
    ws.title = "file nhận"
    ws.append(FILE_NHAN_HEADERS)
    ws.append(
        [
            1,
            "Ông",
            "Nguyễn Văn An",
            "Phó Chủ tịch UBND",
            "UBND phường Tân Hưng",
            "Khen thưởng cá nhân",
            "Chiến sĩ thi đua cơ sở",
            "Cán bộ, công chức",
            "Quản lý Nhà nước",
        ]
    )
    ws.append(
        [
            2,
            "Thượng tá",
            "Trần Văn Bình",
            "Trưởng Công an phường",
            "Công an phường Tân Hưng",
            "Khen thưởng cá nhân",
            "Bằng khen cấp bộ, ban, ngành, tỉnh, đoàn thể trung ương",
            "Lực lượng vũ trang",
            "An ninh",
        ]
    )
    ws.append(
        [
            3,
            None,
            "Trường Tiểu học Tân Hưng",
            None,
            "Phường Tân Hưng",
            "Khen thưởng tập thể",
            "Tập thể lao động tiên tiến",
            "Đơn vị sự nghiệp",
            "Giáo dục",
        ]
    )
    for row in range(2, 31):
        for col in range(18, 22):  # R..U: VLOOKUPs whose cached value is #N/A
            ws.cell(row, col, "#N/A")
    for name, header in (
        ("HTKT", ["tenhinhthuckt", "mahinhthuckt"]),
        ("PLDT", ["tenphanloai", "maphanloai"]),
        ("LVHD", ["tenlinhvuc", "malinhvuc"]),
        ("phan loai kt", ["Khen thưởng cá nhân", "CANHAN"]),
    ):
        lookup = wb.create_sheet(name)
        lookup.append(header)
        lookup.sheet_state = "hidden"
    guide = wb.create_sheet("Hướng dẫn")
    guide.append(["Cột B: Ông/Bà hoặc chức danh", "Cột G: chọn trong danh sách"])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path  # fmt: skip


def danhsach(path: Path) -> Path:
    """NHANDULIEU.xlsx: a title in A1, the header in row 3, type codes and award codes."""
    wb = Workbook()
    ws = wb.active
    ws.title = "DANHSACH"
    ws["A1"] = "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"
    ws.append([])
    ws.append(
        [
            "STT",
            "Phân loại khen thưởng",
            "Tên tập thể/cá nhân/hộ gia đình",
            "Chức vụ",
            "Đơn vị công tác",
            "Danh hiệu thi đua/Hình thức khen thưởng",
            "Phân loại đối tượng",
            "Lĩnh vực hoạt động",
        ]
    )
    ws.append(
        [
            1,
            "CANHAN",
            "Lê Thị Cúc",
            "Giáo viên",
            "Trường Tiểu học Tân Hưng",
            "1647933042",
            "Viên chức",
            "Giáo dục",
        ]
    )
    ws.append(
        [
            2,
            "HOGIADINH",
            "Gia đình ông Lê Văn Cường",
            None,
            "Tổ dân phố số 4",
            "1647933227",
            "Hộ gia đình",
            "Xây dựng đời sống văn hóa",
        ]
    )
    ws.append(
        [
            3,
            "TAPTHE",
            "Tổ dân phố số 4",
            None,
            "Phường Tân Hưng",
            "1647933198",
            "Tổ chức",
            "Xây dựng đời sống văn hóa",
        ]
    )
    lists = wb.create_sheet("DANHMUC")
    lists.append([])
    lists.append(
        ["STT", "Mã số", "Hình thức khen thưởng", None, "STT", "Mã số", "Danh hiệu thi đua"]
    )
    lists.append([1, "1650360491", "Bằng khen", None, 1, "1647933042", "Lao động tiên tiến"])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path  # fmt: skip


def office_list(path: Path) -> Path:
    """A list laid out like the office's labour list: the province and national headings,
    a title, a two-level header (birth date over Nam and Nữ), a number row 1, 1, 2, …,
    group rows, honorifics in names, the signature in the name column."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws["C1"] = "Tỉnh: Quảng Bình"
    ws["C2"] = "Xã, phường, thị trấn………………"
    ws["G1"] = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    ws["G2"] = "Độc lập - Tự do - Hạnh phúc"
    ws["C4"] = "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG NĂM 2026"
    ws.append([])
    ws.append(
        [
            "TT",
            "Họ và tên\n(1)",
            "Ngày tháng năm sinh\n(2&3)",
            None,
            "Số CCCD/CMND\n(4)",
            "Chức vụ\n(5)",
            "Hình thức khen thưởng\n(6)",
        ]
    )
    ws.merge_cells("C6:D6")
    ws.append([None, None, "Nam", "Nữ", None, None, None])
    ws.append([1, 1, 2, 3, 4, 5, 6])
    ws.append(["I", "TẬP THỂ", None, None, None, None, None])
    ws.append([1, "Tổ dân phố số 1", None, None, None, None, "Giấy khen"])
    ws.append(["II", "CÁ NHÂN", None, None, None, None, None])
    ws.append(
        [
            1,
            "Đại tá Phạm Văn Dũng",
            dt.date(1975, 3, 4),
            None,
            "044075012345",
            "Chỉ huy trưởng",
            "Giấy khen",
        ]
    )
    ws.append(
        [
            2,
            "Bà Hoàng Thị Lan",
            None,
            dt.date(1982, 9, 1),
            "044182012345",
            "Tổ trưởng tổ dân phố",
            "Giấy khen",
        ]
    )
    ws.append([None, "Người lập biểu", None, None, None, "CHỦ TỊCH UBND", None])
    ws.append([None, "Nguyễn Văn Lập", None, None, None, "Trần Văn Ký", None])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path  # fmt: skip


def _rows(parsed) -> list[dict]:
    table = parsed.tables["unit_award_proposals"]
    keep = ("nominee_name", "honorific", "nominee_type", "award_name", "birth_date", "gender",
            "personal_id", "position")  # fmt: skip
    return [{k: row.get(k) for k in keep if row.get(k) is not None} for row in table.rows]


def test_the_software_template_is_read_with_its_sender_and_period_from_the_folders(tmp_path):
    path = file_nhan(tmp_path / "2026-FY" / "00130" / "khen thuong.xlsx")
    parsed = parse_workbook(path, tmp_path)
    assert (parsed.kind, parsed.sender_code, parsed.period_code) == (
        "award_proposals",
        "00130",
        "2026-FY",
    )
    assert _rows(parsed) == [
        {"nominee_name": "Nguyễn Văn An", "honorific": "Ông", "nominee_type": "individual",
         "award_name": "Chiến sĩ thi đua cơ sở", "position": "Phó Chủ tịch UBND"},
        {"nominee_name": "Trần Văn Bình", "honorific": "Thượng tá", "nominee_type": "individual",
         "award_name": "Bằng khen cấp bộ, ban, ngành, tỉnh, đoàn thể trung ương",
         "position": "Trưởng Công an phường"},
        {"nominee_name": "Trường Tiểu học Tân Hưng", "nominee_type": "collective",
         "award_name": "Tập thể lao động tiên tiến"},
    ]  # fmt: skip
    assert not [i for i in parsed.issues if i.severity == "error"]
    assert any(i.rule_code == "SACH_IDENTITY_FROM_FOLDERS" for i in parsed.issues)


def test_a_list_without_its_folders_is_one_error_saying_how_to_file_it(tmp_path):
    parsed = parse_workbook(file_nhan(tmp_path / "email" / "khen thuong.xlsx"), tmp_path)
    (issue,) = [i for i in parsed.issues if i.blocks_file]
    assert issue.rule_code == "DU_INFO_MISSING" and "raw/2026-FY/00127/" in issue.message


def test_the_import_list_reads_type_codes_and_award_codes(tmp_path):
    parsed = parse_workbook(danhsach(tmp_path / "Năm 2026" / "00130" / "ds.xlsx"), tmp_path)
    assert (parsed.sender_code, parsed.period_code) == ("00130", "2026-FY")
    assert _rows(parsed) == [
        {"nominee_name": "Lê Thị Cúc", "nominee_type": "individual", "award_name": "1647933042",
         "position": "Giáo viên"},
        {"nominee_name": "Gia đình ông Lê Văn Cường", "nominee_type": "household",
         "award_name": "1647933227"},
        {"nominee_name": "Tổ dân phố số 4", "nominee_type": "collective",
         "award_name": "1647933198"},
    ]  # fmt: skip


def test_an_office_list_is_read_as_a_person_reads_it(tmp_path):
    parsed = parse_workbook(office_list(tmp_path / "2026-FY" / "00130" / "ds.xlsx"), tmp_path)
    assert _rows(parsed) == [
        {"nominee_name": "Tổ dân phố số 1", "nominee_type": "collective", "award_name": "Giấy khen"},
        {"nominee_name": "Phạm Văn Dũng", "honorific": "Đại tá", "nominee_type": "individual",
         "award_name": "Giấy khen", "birth_date": dt.date(1975, 3, 4), "gender": "Nam",
         "personal_id": "044075012345", "position": "Chỉ huy trưởng"},
        {"nominee_name": "Hoàng Thị Lan", "honorific": "Bà", "nominee_type": "individual",
         "award_name": "Giấy khen", "birth_date": dt.date(1982, 9, 1), "gender": "Nữ",
         "personal_id": "044182012345", "position": "Tổ trưởng tổ dân phố"},
    ]  # fmt: skip


def test_an_unrelated_workbook_is_still_refused_as_of_no_known_kind(tmp_path):
    wb = Workbook()
    wb.active.append(["STT", "Họ và tên", "Nghề nghiệp", "Thu nhập bình quân"])
    wb.active.append([1, "Nguyễn Văn A", "Nông dân", 4500000])
    path = tmp_path / "2026-FY" / "00130" / "dieu tra lao dong.xlsx"
    path.parent.mkdir(parents=True)
    wb.save(path)
    (issue,) = parse_workbook(path, tmp_path).issues
    assert issue.rule_code == "DUNG_FILE_UNKNOWN_KIND"


def test_province_lists_reach_the_award_mart_through_the_crosswalk(city, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(city, raw)
    # two schools of ward 00127, which send no report of their own with a list in it
    file_nhan(raw / "2026-FY" / "00127.TH1" / "khen thuong.xlsx")
    danhsach(raw / "00127.TH3" / "Năm 2026" / "ds.xlsx")
    warehouse = tmp_path / "w" / "thidua.duckdb"
    assert main(["refresh", "--raw", str(raw), "--warehouse", str(warehouse)]) == 0
    with duckdb.connect(str(warehouse), read_only=True) as con:
        found = con.execute(
            """select sender_code, nominee_name, award_code from marts.mart_award_proposals
               where source_file in ('2026-FY/00127.TH1/khen thuong.xlsx',
                                     '00127.TH3/Năm 2026/ds.xlsx')
               order by 1, 2"""
        ).fetchall()
    assert sorted(found) == [
        ("00127.TH1", "Nguyễn Văn An", "chien_si_thi_dua_co_so"),
        ("00127.TH1", "Trường Tiểu học Tân Hưng", "tap_the_lao_dong_tien_tien"),
        ("00127.TH1", "Trần Văn Bình", "bang_khen_chu_tich_tinh"),
        ("00127.TH3", "Gia đình ông Lê Văn Cường", "gia_dinh_van_hoa"),
        ("00127.TH3", "Lê Thị Cúc", "lao_dong_tien_tien"),
        ("00127.TH3", "Tổ dân phố số 4", "tap_the_lao_dong_tien_tien"),
    ]


def test_a_header_close_to_an_accepted_one_is_a_warning_naming_the_column(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "DANHSACH"
    ws.append(["STT", "Họ và tên", "Ngày, tháng sinh", "Danh hiệu thi đua/Hình thức khen thưởng"])
    ws.append([1, "Lê Văn Hùng", "12/05/1980", "Lao động tiên tiến"])
    path = tmp_path / "2026-FY" / "00130" / "ds.xlsx"
    path.parent.mkdir(parents=True)
    wb.save(path)
    issues = [
        i
        for i in parse_workbook(path, tmp_path).issues
        if i.rule_code == "DU_COLUMN_NOT_RECOGNISED"
    ]
    assert (
        len(issues) == 1 and "(cột C)" in issues[0].message and "“Ngày sinh”" in issues[0].message
    )


def test_a_title_in_the_award_history_stays_with_the_name_and_the_registry_loads(tmp_path):
    from pipelines.reading.batch import Batch

    wb = Workbook()
    wb.active.title = "DonVi"
    wb.active.append(["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cấp trên"])
    wb.active.append(["00127", "Phường Thành Đông", "Phường", None])
    wb.create_sheet("DanhMucChiTieu").append(["Mã chỉ tiêu", "Chỉ tiêu", "Tên chỉ tiêu"])
    history = wb.create_sheet("LichSuKhenThuong")
    history.append(["Số định danh", "Họ tên", "Danh hiệu/Hình thức", "Năm", "Số quyết định"])
    history.append(["001085012345", "Ông Nguyễn Văn An", "Chiến sĩ thi đua cơ sở", 2025, "1/QĐ"])
    path = tmp_path / "danh muc.xlsx"
    wb.save(path)
    parsed = parse_workbook(path, tmp_path)
    (row,) = parsed.tables["registry_award_history"].rows
    assert row["nominee_name"] == "Ông Nguyễn Văn An" and "honorific" not in row
    batch = Batch()
    batch.add(parsed)
    assert batch.rows_read >= 2


def test_headers_split_over_two_rows_name_every_column(tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "DS"
    # "Họ và tên" and the award merged down two rows; the personal details split under a parent
    ws.append(["STT", "Họ và tên", "Thông tin cá nhân", None, "Hình thức khen thưởng"])
    ws.append([None, None, "Ngày sinh", "Giới tính", None])
    ws.append([1, "Vũ Thị Hoa", dt.date(1990, 1, 2), "Nữ", "Giấy khen"])
    path = tmp_path / "2026-FY" / "00130" / "ds.xlsx"
    path.parent.mkdir(parents=True)
    wb.save(path)
    assert _rows(parse_workbook(path, tmp_path)) == [
        {"nominee_name": "Vũ Thị Hoa", "nominee_type": "individual", "award_name": "Giấy khen",
         "birth_date": dt.date(1990, 1, 2), "gender": "Nữ"},
    ]  # fmt: skip


def _sheet(path: Path, title: str, rows: list[list], lists: bool = True) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    if lists:  # the software's lookup sheet beside the list
        lookup = wb.create_sheet("DANHMUC")
        lookup.append([])
        lookup.append(["STT", "Mã số", "Hình thức khen thưởng"])
        lookup.append([1, "1650360491", "Bằng khen"])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def test_the_file_mau_layout_reads_its_labels_and_ignores_its_code_columns(tmp_path):
    path = _sheet(tmp_path / "2026-FY" / "00130" / "mau.xlsx", "file mẫu", [
        ["STT", "Phân loại khen thưởng", "PLKT", "Tên tập thể/cá nhân/hộ gia đình", "Chức vụ",
         "Đơn vị công tác", " DHTĐ", "Danh hiệu thi đua/Hình thức khen thưởng", " PLĐT",
         "Phân loại đối tượng", "Lĩnh vực hoạt động", "mã lv"],
        [1, "Khen thưởng cá nhân", "CANHAN", "Đinh Văn Tú", "không nhập", "không nhập",
         "1650360491", "bằng khen", "1668477383", "Cơ quan Hành chính", "Quản lý Nhà nước", "0013"],
    ], lists=False)  # fmt: skip
    assert _rows(parse_workbook(path, tmp_path)) == [
        {"nominee_name": "Đinh Văn Tú", "nominee_type": "individual", "award_name": "bằng khen",
         "position": "không nhập"},
    ]  # fmt: skip


def test_the_canhan_and_tapthe_layouts_read_their_award_codes(tmp_path):
    canhan = _sheet(tmp_path / "00130" / "2026-FY" / "canhan.xlsx", "DANHSACH", [
        ["DANH SÁCH ĐỐI TƯỢNG ĐỀ NGHỊ KHEN THƯỞNG"],
        [],
        ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Chức vụ",
         "Tên phòng ban/ khối, tổ \ncông tác", "Tên đơn vị/tập thể\ncông tác", "Địa chỉ / Nơi ở",
         "Mã phân loại cán bộ", "Mã hình thức khen thưởng", "Mã danh hiệu thi đua\n(nếu có)"],
        [1, "Phan Thị Yến", "NU", dt.date(1991, 6, 7), "Kế toán", "Văn phòng", "UBND phường",
         "Tân Hưng", "CB", "1650360491", None],
    ])  # fmt: skip
    assert _rows(parse_workbook(canhan, tmp_path)) == [
        {"nominee_name": "Phan Thị Yến", "nominee_type": "individual", "award_name": "1650360491",
         "birth_date": dt.date(1991, 6, 7), "gender": "Nữ", "position": "Kế toán"},
    ]  # fmt: skip
    tapthe = _sheet(tmp_path / "2026-FY" / "00130" / "tapthe.xlsx", "DANHSACH", [
        ["DANH SÁCH TẬP THỂ ĐỀ NGHỊ KHEN THƯỞNG"],
        [],
        ["STT", "Tên đơn vị / tập thể", "Mã phân loại tập thể", "Mã hình thức khen thưởng",
         "Mã danh hiệu thi đua\n(nếu có)"],
        [1, "Tổ dân phố số 6", "TDP", "1650360491", None],
        [2, "Trường Mầm non Tân Hưng", "DV", None, "1647933198"],  # a title's code only
    ])  # fmt: skip
    assert _rows(parse_workbook(tapthe, tmp_path)) == [
        {"nominee_name": "Tổ dân phố số 6", "nominee_type": "collective",
         "award_name": "1650360491"},
        {"nominee_name": "Trường Mầm non Tân Hưng", "nominee_type": "collective",
         "award_name": "1647933198"},
    ]  # fmt: skip
    assert not parse_workbook(tapthe, tmp_path).tables["unit_award_proposals"].rows[1]["has_error"]
