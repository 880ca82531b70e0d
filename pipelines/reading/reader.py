"""Opening workbooks: sniffing what a file really is, reading cells fast.

python-calamine reads values about 7x faster than openpyxl but does not
expose number formats; the only format we need is "percent", so we read
the style table and one sheet's XML ourselves, only for the sheets that
carry measured values.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import python_calamine

from pipelines.reading.preflight import FileTooCostly, Preflight, check_archive

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_NS = {
    "m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
}
_PERCENT_BUILTIN = {9, 10}


class UnreadableWorkbook(Exception):
    """A file that cannot be read as a workbook; the message is for the sender."""


class SheetTooLarge(Exception):
    """A sheet past the size any report has: read nothing from it, bounded cost."""


def sniff(path: Path) -> zipfile.ZipFile:
    """The open archive of a usable .xlsx; raise UnreadableWorkbook with a Vietnamese reason
    if the file is not one (legacy .xls, password, CSV/HTML renamed, corrupt, zip bomb)."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(_OLE_MAGIC):
        if path.suffix.lower() == ".xls":
            raise UnreadableWorkbook(
                "Tệp Excel định dạng cũ (.xls). Vui lòng mở tệp và lưu lại dưới dạng .xlsx."
            )
        raise UnreadableWorkbook(
            "Tệp được đặt mật khẩu hoặc là tệp .xls cũ đổi tên. "
            "Vui lòng bỏ mật khẩu và lưu lại dưới dạng .xlsx."
        )
    if not head.startswith(b"PK"):
        raise UnreadableWorkbook(
            "Tệp không phải là bảng tính Excel (có thể là CSV, HTML hoặc văn bản đổi tên "
            "thành .xlsx). Vui lòng gửi lại tệp .xlsx theo biểu mẫu."
        )
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile as error:
        raise UnreadableWorkbook(
            "Tệp bị hỏng, không mở được (tệp nén lỗi). Vui lòng lưu và gửi lại."
        ) from error
    if "xl/workbook.xml" not in archive.NameToInfo:
        archive.close()
        raise UnreadableWorkbook(
            "Tệp nén không phải là bảng tính Excel (.xlsx). Vui lòng gửi lại đúng tệp Excel."
        )
    return archive


@dataclass
class Workbook:
    """Cells of a workbook as Python values; rows and columns 0-based."""

    path: Path
    _book: python_calamine.CalamineWorkbook = field(repr=False)
    # The zip itself, open while the workbook is: number formats and formula errors are
    # read from its XML, which calamine does not expose. Opened once, not once a question.
    _archive: zipfile.ZipFile = field(repr=False)
    has_macros: bool = False  # .xlsm: data is read, macros are never run
    _sheet_paths: dict[str, str] = field(default_factory=dict, repr=False)
    _sheet_xml: dict[str, bytes] = field(default_factory=dict, repr=False)
    # What each sheet costs, measured from the bytes before calamine sees them.
    _preflight: Preflight = field(default_factory=Preflight, repr=False)

    @classmethod
    def open(cls, path: Path) -> Workbook:
        archive = sniff(path)
        try:
            # a bomb is refused before a broken description: the size is the first danger
            preflight = check_archive(archive)
        except FileTooCostly as error:
            archive.close()
            raise UnreadableWorkbook(str(error)) from error
        try:
            sheet_paths = _sheet_xml_paths(archive, preflight.kept)
        except (KeyError, ElementTree.ParseError) as error:
            archive.close()
            raise UnreadableWorkbook(
                "Tệp bị hỏng: thiếu hoặc hỏng phần mô tả các trang. Vui lòng lưu và gửi lại."
            ) from error
        try:
            book = _calamine(path)
        except python_calamine.PasswordError as error:
            archive.close()
            raise UnreadableWorkbook("Tệp được đặt mật khẩu. Vui lòng bỏ mật khẩu.") from error
        except Exception as error:  # calamine raises several unrelated types
            archive.close()
            raise UnreadableWorkbook(
                f"Tệp bị hỏng, không đọc được ({type(error).__name__}). Vui lòng lưu và gửi lại."
            ) from error
        return cls(
            path,
            book,
            archive,
            has_macros="xl/vbaProject.bin" in archive.NameToInfo,
            _sheet_paths=sheet_paths,
            _preflight=preflight,
        )

    @property
    def sheet_names(self) -> list[str]:
        return list(self._book.sheet_names)

    def rows(self, sheet: str, max_rows: int | None = None) -> list[list[object]]:
        shape = self._preflight.shape(self._sheet_paths.get(sheet))
        if shape.problem:
            raise SheetTooLarge(f"Trang “{sheet}” {shape.problem} Trang này không được đọc.")
        try:
            handle = self._book.get_sheet_by_name(sheet)
            data = handle.to_python(skip_empty_area=False, nrows=max_rows)
        except Exception as error:
            raise UnreadableWorkbook(
                f"Trang “{sheet}” bị hỏng, không đọc được ({type(error).__name__})."
            ) from error
        return [[None if cell == "" else cell for cell in row] for row in data]

    def broken_cells(self, sheet: str) -> dict[tuple[int, int], str]:
        """(row, column) → Vietnamese reason, for cells calamine shows as blank although
        they hold an Excel error (#REF!, #DIV/0!) or a formula never calculated."""
        found: dict[tuple[int, int], str] = {}
        data = self._read_sheet_xml(sheet)
        # No error cell and no formula: nothing to find, without parsing the XML
        # (a fifth of all parsing time when every blank result led here).
        if data is None or not _ERROR_OR_FORMULA.search(data):
            return found
        with io.BytesIO(data) as handle:
            for _, element in ElementTree.iterparse(handle):
                if element.tag != f"{{{_NS['m']}}}c":
                    continue
                value = element.find("m:v", _NS)
                formula = element.find("m:f", _NS)
                where = _cell_index(element.get("r", "A1"))
                if element.get("t") == "e":
                    error = value.text if value is not None else "#ERROR"
                    found[where] = f"ô có lỗi công thức {error}"
                elif formula is not None and value is None:
                    found[where] = (
                        "ô có công thức chưa được tính (tệp không lưu kết quả); "
                        "hãy mở tệp bằng Excel, tính lại và lưu"
                    )
                element.clear()
        return found

    def percent_cells(self, sheet: str) -> set[tuple[int, int]]:
        """(row, column) of every cell shown with a percent number format."""
        percent_styles = _percent_style_ids(self._archive, self._preflight.kept)
        if not percent_styles:
            return set()
        data = self._read_sheet_xml(sheet)
        if data is None:
            return set()
        found: set[tuple[int, int]] = set()
        with io.BytesIO(data) as handle:
            for _, element in ElementTree.iterparse(handle):
                if element.tag == f"{{{_NS['m']}}}c":
                    style = element.get("s")
                    if style is not None and int(style) in percent_styles:
                        found.add(_cell_index(element.get("r", "A1")))
                    element.clear()
        return found

    def _read_sheet_xml(self, sheet: str) -> bytes | None:
        """A sheet's XML, read once: percent formats and broken cells look at the same sheet."""
        if sheet not in self._sheet_xml:
            path = self._sheet_paths.get(sheet)
            if path is None or path not in self._archive.NameToInfo:
                return None
            kept = self._preflight.kept.get(path)
            self._sheet_xml[sheet] = kept if kept is not None else self._archive.read(path)
        return self._sheet_xml[sheet]

    def close(self) -> None:
        self._book.close()
        self._archive.close()


def _calamine(path: Path) -> python_calamine.CalamineWorkbook:
    """calamine opens a path given as UTF-8 text; a name in other bytes (a zip unpacked from
    Windows) is opened here and handed over as a file."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        with path.open("rb") as handle:
            return python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(handle.read()))
    return python_calamine.CalamineWorkbook.from_path(str(path))


def _percent_style_ids(archive: zipfile.ZipFile, kept: dict[str, bytes]) -> set[int]:
    if "xl/styles.xml" not in archive.NameToInfo:
        return set()
    root = ElementTree.fromstring(kept.get("xl/styles.xml") or archive.read("xl/styles.xml"))
    custom = {
        int(fmt.get("numFmtId", "0"))
        for fmt in root.iterfind("m:numFmts/m:numFmt", _NS)
        if "%" in fmt.get("formatCode", "")
    }
    percent_formats = _PERCENT_BUILTIN | custom
    return {
        index
        for index, xf in enumerate(root.iterfind("m:cellXfs/m:xf", _NS))
        if int(xf.get("numFmtId", "0")) in percent_formats
    }


# The workbook's own description (sheet list, relationships) is a few KB in real files.
_MAX_DESCRIPTION_BYTES = 4 * 1024 * 1024


def _description(
    archive: zipfile.ZipFile, name: str, kept: dict[str, bytes]
) -> ElementTree.Element:
    if archive.getinfo(name).file_size > _MAX_DESCRIPTION_BYTES:
        raise KeyError(name)
    return ElementTree.fromstring(kept[name] if name in kept else archive.read(name))


def _sheet_xml_paths(archive: zipfile.ZipFile, kept: dict[str, bytes]) -> dict[str, str]:
    """Sheet name → its XML's path inside the archive."""
    workbook = _description(archive, "xl/workbook.xml", kept)
    rels = _description(archive, "xl/_rels/workbook.xml.rels", kept)
    # by local names: Strict Open XML files use other namespaces than Excel's usual ones
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in rels.iter()
        if _local(rel.tag) == "Relationship"
    }
    paths = {}
    for node in workbook.iter():
        if _local(node.tag) != "sheet":
            continue
        relation = next((v for k, v in node.attrib.items() if _local(k) == "id"), "")
        target = targets.get(relation, "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        paths[node.get("name")] = posixpath.normpath(path)
    return paths


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


_CELL_REF = re.compile(r"([A-Z]+)(\d+)")
_ERROR_OR_FORMULA = re.compile(rb"""\st=["']e["']|<(?:\w+:)?f[\s>/]""")


def _cell_index(ref: str) -> tuple[int, int]:
    match = _CELL_REF.match(ref)
    if not match:
        return (-1, -1)
    letters, digits = match.groups()
    column = 0
    for letter in letters:
        column = column * 26 + ord(letter) - 64
    return int(digits) - 1, column - 1


def column_letter(index: int) -> str:
    """0-based column index → Excel letters, for messages a sender can follow."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
