"""What lies in the raw folder: the files to read, and those refused before reading.

Nothing a folder holds may stop a refresh or reach outside it: names in any bytes, links,
pipes and devices, files of every size. A link is followed only when its target lies
inside the raw folder (and then the target itself is read, so the link cannot be turned
elsewhere in between); a link leading out, a file that is not a regular file, or one
larger than any report is not read, and gets one issue saying so and what to do.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from pipelines.core.values import vn_number

# Read as workbooks (calamine knows them by content, not by name).
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xltx", ".xltm")
# Spreadsheets and archives a ward may send instead: read, refused with what to do.
OTHER_SPREADSHEETS = (".ods", ".fods", ".numbers", ".csv", ".tsv", ".xlsb", ".et", ".ett")
ARCHIVES = (".zip", ".rar", ".7z")
SUFFIXES = WORKBOOK_SUFFIXES + OTHER_SPREADSHEETS + ARCHIVES
# The national registry is 3 MB; a ward report 20 KB.
MAX_FILE_BYTES = 100 * 2**20
_CONTROL = dict.fromkeys([*range(32), 127], "\ufffd")


@dataclass(frozen=True)
class Entry:
    """A file of the raw folder: `path` is what to read, `name` what to record and show."""

    path: Path
    name: str
    refusal: tuple[str, str] | None = None  # (rule code, Vietnamese message): not read


def display_path(path: Path, root: Path) -> str:
    """The path below root as text that can be stored and shown: a name whose bytes are not
    UTF-8 (a zip unpacked from Windows) keeps its readable part, the rest shown as �."""
    relative = os.fsencode(path.relative_to(root).as_posix())
    return relative.decode("utf-8", errors="replace").translate(_CONTROL)


def scan(root: Path) -> list[Entry]:
    """Every spreadsheet-like file below root, in a stable order; Excel's lock files (~$)
    skipped. Links into the folder are read through their target."""
    real_root = Path(os.path.realpath(root))
    entries = []

    def unreadable(error: OSError) -> None:
        if error.filename and Path(error.filename) != root:
            entries.append(
                Entry(
                    Path(error.filename),
                    display_path(Path(error.filename), root),
                    ("DUNG_FILE_NOT_READ", "Thư mục này không mở được (không có quyền đọc)."),
                )
            )

    for folder, dirs, files in os.walk(root, followlinks=False, onerror=unreadable):
        for name in sorted(dirs):
            path = Path(folder) / name
            if path.is_symlink() and not _inside(path, real_root):
                entries.append(_outside(path, root))
        for name in files:
            path = Path(folder) / name
            if name.startswith("~$") or path.suffix.lower() not in SUFFIXES:
                continue
            entries.append(_entry(path, root, real_root))
    return sorted(entries, key=lambda entry: os.fsencode(str(entry.path)) + os.fsencode(entry.name))


def _inside(path: Path, real_root: Path) -> bool:
    return Path(os.path.realpath(path)).is_relative_to(real_root)


def _outside(path: Path, root: Path) -> Entry:
    target = os.fsencode(os.readlink(path)).decode("utf-8", errors="replace")
    return Entry(
        path,
        display_path(path, root),
        (
            "DUNG_FILE_NOT_READ",
            f"Đây là liên kết (shortcut/symlink) trỏ ra ngoài thư mục báo cáo (tới “{target}”): "
            "không được đọc, để không tệp nào ngoài thư mục lọt vào kho. Vui lòng chép chính "
            "tệp báo cáo vào thư mục.",
        ),
    )


def _entry(path: Path, root: Path, real_root: Path) -> Entry:
    name = display_path(path, root)
    read = path
    if path.is_symlink():
        if not _inside(path, real_root):
            return _outside(path, root)
        read = Path(os.path.realpath(path))
    try:
        status = read.stat()
    except OSError:
        return Entry(path, name, ("DUNG_FILE_NOT_READ", "Liên kết trỏ tới tệp không còn tồn tại."))
    if not stat.S_ISREG(status.st_mode):
        return Entry(
            path,
            name,
            (
                "DUNG_FILE_NOT_READ",
                "Đây không phải là một tệp thường (ống dẫn, thiết bị hoặc socket): không được đọc. "
                "Vui lòng chép tệp báo cáo thật vào thư mục.",
            ),
        )
    if status.st_size > MAX_FILE_BYTES:
        return Entry(
            read,
            name,
            (
                "DUNG_FILE_TOO_COSTLY",
                f"Tệp nặng {vn_number(status.st_size // 2**20)} MB, vượt giới hạn "
                f"{vn_number(MAX_FILE_BYTES // 2**20)} MB của một báo cáo: không được đọc. Vui "
                "lòng xoá các trang, hình ảnh và vùng thừa ngoài biểu mẫu rồi gửi lại.",
            ),
        )
    return Entry(read, name)


def refusal_hash(entry: Entry) -> str:
    """The key of a file that is not read, made without reading it (a 10 GB file costs
    nothing): its name, what it points to, its size and time. A changed file is new."""
    try:
        link = os.readlink(entry.path) if entry.path.is_symlink() else ""
        status = os.lstat(entry.path)
        stamp = f"{status.st_size}\0{status.st_mtime_ns}"
    except OSError:
        link, stamp = "", ""
    marker = f"{entry.name}\0{link}\0{stamp}\0{entry.refusal}".encode("utf-8", "replace")
    return hashlib.sha256(b"not-read\0" + marker).hexdigest()


def unreadable(entry: Entry, error: OSError) -> Entry:
    """A file that vanished or cannot be opened between the look and the read."""
    reason = error.strerror or type(error).__name__
    return Entry(entry.path, entry.name, ("DUNG_FILE_NOT_READ", f"Tệp không mở được ({reason})."))


def content_hash(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()
