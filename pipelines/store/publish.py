"""A build is published whole: the warehouse and its reports switch in one rename.

Layout beside a published warehouse `<dir>/<name>` (thidua.duckdb):

    <dir>/.builds/<name>/<stamp>/<name>      a build's warehouse
    <dir>/.builds/<name>/<stamp>/reports/    the reports made from it
    <dir>/.builds/<name>/current -> <stamp>  the published build: one symbolic link
    <dir>/<name>   -> .builds/<name>/current/<name>     (made once)
    <dir>/reports  -> .builds/<name>/current/reports    (made once)

A refresh builds into `<dir>/<name>.building` and `<dir>/.reports.building/` (a copy of
the published reports made of hard links: a period whose figures did not change keeps
its files without a byte written), moves both into a new stamp folder, and replaces the
`current` link. Readers following either path see the old build or the new one, never one
of each; a crash before the rename leaves the old build published and the next refresh
removes what was left. Any error, a full disk included, removes the build's files.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

from pipelines.core.values import vn_number

# Errors of a disk that cannot take more: full, over quota, over the file size limit.
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


class DiskFull(Exception):
    """Writing the build ran out of space; the message is Vietnamese, nothing is left."""


def building_path(published: Path) -> Path:
    return published.with_name(published.name + ".building")


def reports_building_path(published: Path) -> Path:
    return published.parent / ".reports.building"


def builds_root(published: Path) -> Path:
    return published.parent / ".builds" / published.name


def is_no_space(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno in _NO_SPACE


def no_space_message(where: Path) -> str:
    free = shutil.disk_usage(where.parent).free
    return (
        f"ổ đĩa chứa {where.parent} đã đầy hoặc vượt giới hạn kích thước tệp (còn trống "
        f"{vn_number(free // 2**20)} MB), không ghi được bản dựng mới. Không tệp dở dang nào "
        "được để lại; kho và báo cáo cũ vẫn dùng được. Hãy giải phóng dung lượng (ví dụ xoá "
        "bớt nhật ký trong thư mục logs, hoặc chạy `thidua purge`) rồi làm mới lại."
    )


@contextlib.contextmanager
def building_copy(published: Path) -> Iterator[Path]:
    """Yield a path to build the warehouse into (its reports go to reports_building_path);
    publish both at once only if the block succeeds."""
    published.parent.mkdir(parents=True, exist_ok=True)
    building = building_path(published)
    reports = reports_building_path(published)
    _remove_leftovers(published)
    try:
        if published.exists():
            shutil.copy2(published, building)
        current_reports = published.parent / "reports"
        if current_reports.is_dir():
            shutil.copytree(current_reports, reports, copy_function=_link_or_copy)
        else:
            reports.mkdir()
    except OSError as error:
        _discard(building, reports)
        if is_no_space(error):
            raise DiskFull(no_space_message(building)) from error
        raise
    try:
        yield building
        publish(published, building, reports)
    except BaseException as error:
        _discard(building, reports)
        if is_no_space(error):
            raise DiskFull(no_space_message(building)) from error
        raise


def _link_or_copy(source: str, target: str) -> None:
    """A hard link costs no byte; across file systems, a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def publish(published: Path, building: Path, reports: Path) -> None:
    root = builds_root(published)
    root.mkdir(parents=True, exist_ok=True)
    stamp = f"{time.strftime('%Y%m%d_%H%M%S')}_{os.getpid()}_{time.monotonic_ns() % 10**6}"
    folder = root / stamp
    folder.mkdir()
    os.replace(building, folder / published.name)
    os.replace(reports, folder / "reports")
    _point(root / "current", stamp)  # the moment the new build is published
    _point(published, os.path.relpath(root / "current" / published.name, published.parent))
    _point(
        published.parent / "reports",
        os.path.relpath(root / "current" / "reports", published.parent),
    )
    for old in root.iterdir():
        if old.name not in ("current", stamp) and not old.is_symlink():
            shutil.rmtree(old, ignore_errors=True)


def _point(link: Path, target: str) -> None:
    """Make `link` a symbolic link to `target` in one rename; an older warehouse file or
    reports folder in its place (the layout before builds were published whole) is moved
    into the past first."""
    if link.is_symlink() and os.readlink(link) == target:
        return
    if link.is_dir() and not link.is_symlink():
        old = link.with_name(f".{link.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        link.rename(old)
        shutil.rmtree(old, ignore_errors=True)
    fresh = link.with_name(f".{link.name}.link")
    fresh.unlink(missing_ok=True)
    fresh.symlink_to(target)
    os.replace(fresh, link)


def _discard(building: Path, reports: Path) -> None:
    building.unlink(missing_ok=True)
    building.with_name(building.name + ".wal").unlink(missing_ok=True)
    shutil.rmtree(reports, ignore_errors=True)


def _remove_leftovers(published: Path) -> None:
    """What a killed refresh left: a build copy, staged reports, an unpublished stamp."""
    _discard(building_path(published), reports_building_path(published))
    root = builds_root(published)
    current = os.readlink(root / "current") if (root / "current").is_symlink() else None
    if root.is_dir():
        for old in root.iterdir():
            if old.name not in ("current", current) and not old.is_symlink():
                shutil.rmtree(old, ignore_errors=True)
