"""What a workbook will cost, measured from its bytes before any reader materialises it.

python-calamine builds a sheet's whole range (from A1 to the last cell with a value) in
memory as soon as the sheet is opened: one value at XFD1048576 asks for 512 GiB and
aborts the process, one at ALL199999 takes 10 GB. openpyxl (feedback copies) holds every
cell as an object. So every part of the zip is decompressed here as a stream, counting
its real bytes, and every sheet's XML goes through expat, counting its cells and the
furthest cell that holds a value; a file or a sheet past a limit is refused before any
reader sees it, at a cost bounded by the limits themselves.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from xml.parsers import expat

from pipelines.core.values import vn_number

# A ward workbook expands to a few hundred KB; the national registry (3,321 wards) to 12 MB.
MAX_EXPANDED_BYTES = 200 * 1024 * 1024
MAX_PART_BYTES = 100 * 1024 * 1024
# The largest real sheet is the registry's targets: 3,321 wards x 20 measures = 66,420 rows.
MAX_SHEET_ROWS = 200_000
MAX_SHEET_COLUMNS = 1_000
# The range calamine builds: rows x columns up to the last value. 4 million cells cost
# about 400 MB in a parsing process; the registry's targets are 66,420 x 12.
MAX_SHEET_AREA = 4_000_000
MAX_WORKBOOK_CELLS = 3_000_000
_CHUNK = 1 << 20
# Parts reader.py reads again after the check: kept, not decompressed twice.
_KEPT_PARTS = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/styles.xml"}
_KEEP_BYTES = 4 * 2**20
# A part this small once compressed expands to 1 MB at most (deflate's ratio is 1032:1):
# not worth opening (a ward workbook has six: properties, theme, relationships).
_TINY = 1024
_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d{1,7})")


class FileTooCostly(Exception):
    """The whole file is refused: its message is for the sender."""


@dataclass
class SheetShape:
    """What streaming a sheet's XML found; `problem` is the Vietnamese reason to refuse it."""

    rows: int = 0  # up to the last cell with a value, from row 1
    columns: int = 0
    cells: int = 0
    declared: str | None = None  # <dimension ref="...">
    problem: str | None = None


@dataclass
class Preflight:
    expanded_bytes: int = 0
    cells: int = 0
    sheets: dict[str, SheetShape] = field(default_factory=dict)  # part path → shape
    kept: dict[str, bytes] = field(default_factory=dict)  # part path → a small part's bytes

    def shape(self, part: str | None) -> SheetShape:
        """The sheet's shape; for a sheet whose part is not known (a sheet list we could not
        map), the first problem of any sheet: no sheet is read unchecked."""
        if part in self.sheets:
            return self.sheets[part]
        problems = [shape for shape in self.sheets.values() if shape.problem]
        return problems[0] if problems else SheetShape()


def ref_index(ref: str) -> tuple[int, int] | None:
    """ "C12" → (11, 2), 0-based row and column; None when it is not a cell reference."""
    match = _CELL_REF.fullmatch(ref.strip())
    if not match:
        return None
    letters, digits = match.groups()
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - 64
    return int(digits) - 1, column - 1


def _range_size(ref: str) -> tuple[int, int] | None:
    """ "A1:XFD1048576" → (1048576, 16384): rows and columns from A1 to its last corner."""
    last = ref_index(ref.split(":")[-1])
    return None if last is None else (last[0] + 1, last[1] + 1)


def check_archive(archive: zipfile.ZipFile, sheet_parts: set[str] = frozenset()) -> Preflight:
    """Stream every part, counting its real bytes (calamine's zip reader trusts the
    compressed size, not the declared one); the sheets' XML (sheet_parts, and every part
    under xl/worksheets/) is also scanned. Raises FileTooCostly for the whole file; a
    sheet's own excess is its shape's problem. Small parts a reader reads again (the sheets,
    the sheet list, the styles) are kept in `kept`."""
    result = Preflight()
    # every worksheet part too, in case the sheet list maps a sheet elsewhere than we read
    sheet_parts = sheet_parts | {
        name
        for name in archive.NameToInfo
        if name.startswith("xl/worksheets/") and name.endswith(".xml")
    }
    declared = sum(info.file_size for info in archive.infolist())
    if declared > MAX_EXPANDED_BYTES:
        raise FileTooCostly(_too_big(declared, MAX_EXPANDED_BYTES))
    for info in archive.infolist():
        if info.is_dir():
            continue
        scanner = _SheetScanner(info.filename) if info.filename in sheet_parts else None
        if scanner is None and info.filename not in _KEPT_PARTS and info.compress_size <= _TINY:
            result.expanded_bytes += info.file_size  # at most _TINY x 1032 bytes: deflate's limit
            continue
        try:
            size = _stream(archive, info, scanner, result)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as error:
            raise FileTooCostly(
                "Tệp bị hỏng, không giải nén được (tệp nén lỗi). Vui lòng lưu và gửi lại."
            ) from error
        except RuntimeError as error:  # a member encrypted inside a plain zip
            raise FileTooCostly("Tệp được đặt mật khẩu. Vui lòng bỏ mật khẩu.") from error
        if size > MAX_PART_BYTES:
            raise FileTooCostly(_too_big(size, MAX_PART_BYTES, info.filename))
        if result.expanded_bytes > MAX_EXPANDED_BYTES:
            raise FileTooCostly(_too_big(result.expanded_bytes, MAX_EXPANDED_BYTES))
        if scanner is not None and scanner.implicit:
            scanner = _ImplicitScanner(info.filename)
            with archive.open(info) as stream:
                while not scanner.done and (chunk := stream.read(_CHUNK)):
                    scanner.feed(chunk)
        if scanner is not None:
            shape = scanner.finish()
            result.sheets[info.filename] = shape
            result.cells += shape.cells
            if result.cells > MAX_WORKBOOK_CELLS:
                raise FileTooCostly(
                    f"Tệp có hơn {vn_number(MAX_WORKBOOK_CELLS)} ô, vượt giới hạn của một báo "
                    "cáo. Vui lòng xoá các trang và vùng không thuộc biểu mẫu rồi gửi lại."
                )
    return result


def _stream(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    scanner: _SheetScanner | None,
    result: Preflight,
) -> int:
    """Decompress one part, feeding a sheet's scanner; its real size. zipfile never reads
    past the size the directory declares and checks the CRC at the end, so a small part
    is read in one call (a third of the cost of a ward workbook's preflight)."""
    if info.file_size <= _KEEP_BYTES:
        data = archive.read(info)
        result.expanded_bytes += len(data)
        if scanner is not None:
            scanner.feed(data)
        if scanner is not None or info.filename in _KEPT_PARTS:
            result.kept[info.filename] = data
        return len(data)
    size = 0
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            size += len(chunk)
            result.expanded_bytes += len(chunk)
            if size > MAX_PART_BYTES or result.expanded_bytes > MAX_EXPANDED_BYTES:
                break
            if scanner is not None and not scanner.done:
                scanner.feed(chunk)
    return size


def _too_big(size: int, limit: int, part: str | None = None) -> str:
    what = f"Phần “{part}” của tệp" if part else "Tệp"
    return (
        f"{what} giải nén ra hơn {vn_number(size // 2**20)} MB, vượt giới hạn "
        f"{vn_number(limit // 2**20)} MB cho một báo cáo. Vui lòng kiểm tra lại tệp."
    )


# Counting tags runs at C speed, where expat, calling Python for every element, scanned
# 5 MB/s. Every writer puts a cell's reference first (<c r="B7" ...>); a sheet where some
# cell has none, has it elsewhere, or names its elements with a prefix, is counted by the
# exact pass instead. Only references past column Z or row 999 are captured (a ward's
# sheets have none): the others bound the range by Z999 at most. Any cell, styled or
# holding a value, counts toward the range: conservative, and no real sheet comes near.
_WIDE_CELLS = re.compile(rb'<c r="\$?([A-Z]{2,3})\$?\d')
_NARROW_CELLS = re.compile(rb'<c r="\$?([A-Z])\$?\d')
_DEEP_CELLS = re.compile(rb'<c r="\$?[A-Z]{1,3}\$?(\d{4,7})"')
_PREFIXED = re.compile(rb"<\w+:c[\s>/]")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s[^>]*?\bref="([^"]*)"')
_CARRY_MAX = 1 << 16
_DOCTYPE = (
    "có khai báo DOCTYPE, điều không có trong tệp Excel thật. Vui lòng mở tệp bằng Excel, "
    "chép số liệu sang biểu mẫu của thành phố, lưu lại rồi gửi."
)


class _SheetScanner:
    """Rows, columns and cells of one sheet's XML, fed in chunks; stops at the first excess."""

    def __init__(self, part: str):
        self.part = part
        self.shape = SheetShape()
        self.done = False
        self.implicit = False  # a cell whose reference is missing or not first: exact pass
        self._carry = b""
        self._letters: set[bytes] = set()

    def feed(self, chunk: bytes) -> None:
        data = self._carry + chunk
        cut = data.rfind(b">") + 1
        self._carry = data[cut:][-_CARRY_MAX:]
        self._scan(data[:cut])

    def finish(self) -> SheetShape:
        if not self.done:
            self._scan(self._carry)
        return self.shape

    def _scan(self, data: bytes) -> None:
        if self.done or not data:
            return
        if b"<!DOCTYPE" in data:
            self._refuse(_DOCTYPE)
            return
        if self.shape.declared is None and (found := _DIMENSION.search(data)):
            self.shape.declared = found.group(1).decode("ascii", "replace")
            if (size := _range_size(self.shape.declared)) and (
                problem := _excess(*size, 0, declared=True)
            ):
                self._refuse(problem)
                return
        cells = data.count(b"<c ") + data.count(b"<c>") + data.count(b"<c/>")
        if cells != data.count(b'<c r="') or _PREFIXED.search(data):
            self.implicit = self.done = True
            return
        if not cells:
            return
        shape = self.shape
        shape.cells += cells
        deep = set(_DEEP_CELLS.findall(data))
        # a long sheet's single-letter columns are read exactly, a short one's bounded by Z
        self._letters |= set(_WIDE_CELLS.findall(data)) or (
            set(_NARROW_CELLS.findall(data)) if deep else {b"Z"}
        )
        shape.rows = max(shape.rows, max(map(int, deep)) if deep else 999)
        widest = max(self._letters, key=lambda text: (len(text), text))
        shape.columns = _letters_width(widest)
        if problem := _excess(shape.rows, shape.columns, shape.cells):
            self._refuse(problem)

    def _refuse(self, problem: str) -> None:
        self.shape.problem = self.shape.problem or problem
        self.done = True


def _letters_width(letters: bytes) -> int:
    column = 0
    for letter in letters:
        column = column * 26 + letter - 64
    return column


def _excess(rows: int, columns: int, cells: int, declared: bool = False) -> str | None:
    """The reason a sheet of this extent is refused, or None."""
    where = "khai báo vùng dữ liệu" if declared else "có ô (số liệu hoặc định dạng)"
    if rows > MAX_SHEET_ROWS:
        problem = (
            f"{where} đến dòng {vn_number(rows)}, vượt giới hạn "
            f"{vn_number(MAX_SHEET_ROWS)} dòng của một báo cáo"
        )
    elif columns > MAX_SHEET_COLUMNS:
        problem = (
            f"{where} đến cột thứ {vn_number(columns)}, vượt giới hạn "
            f"{vn_number(MAX_SHEET_COLUMNS)} cột"
        )
    elif rows * columns > MAX_SHEET_AREA:
        problem = (
            f"{where} trải trên {vn_number(rows)} dòng × {vn_number(columns)} cột, vượt giới "
            f"hạn {vn_number(MAX_SHEET_AREA)} ô của một báo cáo (thường do một ô lạc ở xa "
            "vùng số liệu)"
        )
    elif cells > MAX_WORKBOOK_CELLS:
        problem = f"có hơn {vn_number(MAX_WORKBOOK_CELLS)} ô"
    else:
        return None
    return problem + ". Vui lòng xoá các dòng, cột và ô thừa ngoài biểu mẫu, lưu lại rồi gửi."


class _ImplicitScanner:
    """The exact pass, with expat: a cell without a reference is one column right of the
    previous one, a row without a number one below. Python runs for every element (5 MB/s),
    bounded by the cell limit."""

    def __init__(self, part: str):
        self.part = part
        self.shape = SheetShape()
        self.done = False
        self._row = -1
        self._column = -1
        parser = expat.ParserCreate()
        parser.StartElementHandler = self._start
        parser.StartDoctypeDeclHandler = self._doctype
        self._parser = parser

    def feed(self, chunk: bytes) -> None:
        self._parse(chunk, False)

    def finish(self) -> SheetShape:
        if not self.done:
            self._parse(b"", True)
        return self.shape

    def _parse(self, data: bytes, final: bool) -> None:
        try:
            self._parser.Parse(data, final)
        except expat.ExpatError:
            self._refuse("bị hỏng (XML không hợp lệ).")
        except _Stop:
            pass

    def _refuse(self, problem: str) -> None:
        self.shape.problem = self.shape.problem or problem
        self.done = True

    def _doctype(self, *_args) -> None:
        self._refuse(_DOCTYPE)
        raise _Stop

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        local = name.rsplit(":", 1)[-1]
        if local == "c":
            where = ref_index(attrs["r"]) if "r" in attrs else None
            if where is None:
                where = (max(self._row, 0), self._column + 1)
            self._row, self._column = where
            shape = self.shape
            shape.cells += 1
            shape.rows, shape.columns = (
                max(shape.rows, where[0] + 1),
                max(shape.columns, where[1] + 1),
            )
            if problem := _excess(shape.rows, shape.columns, shape.cells):
                self._refuse(problem)
                raise _Stop
        elif local == "row":
            number = attrs.get("r", "")
            self._row = int(number) - 1 if number.isdigit() else self._row + 1
            self._column = -1


class _Stop(Exception):
    """Raised from a handler to stop parsing a sheet already refused."""
