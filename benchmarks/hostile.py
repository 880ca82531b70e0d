"""Peak memory and time of a refresh over the sample city plus the hostile corpus.

    .venv/bin/python benchmarks/hostile.py [--wards 12]

Builds a raw folder with the sample city and every file of tests/hostile.py (a value at
XFD1048576, one at ALL199999, a declared whole-sheet range, 20,000 cells placed by
order, an entity bomb, a zip whose directory lies, 3.9 million cells within the row and
column limits, a link out, a pipe, a name in Windows bytes), runs `thidua refresh` twice
(the city alone, then with the corpus) and samples the resident memory of the refresh and
all its processes together every 20 ms. Before issue 16, the first file aborted the refresh
and the second cost 9,6 GB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import hostile  # noqa: E402

from pipelines.sample.generator import generate  # noqa: E402

THIDUA = str(Path(sys.executable).with_name("thidua"))


def tree_rss(pid: int) -> int:
    """Resident bytes of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo.extend(children.get(current, []))
    return total


def refresh(raw: Path, warehouse: Path) -> tuple[float, int, int]:
    started = time.perf_counter()
    process = subprocess.Popen(
        [THIDUA, "refresh", "--raw", str(raw), "--warehouse", str(warehouse)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.02)
    return time.perf_counter() - started, peak, process.returncode


def corpus(raw: Path) -> None:
    folder = raw / "hostile"
    folder.mkdir()
    hostile.far_cell(folder / "xfd.xlsx")
    hostile.far_cell(folder / "all199999.xlsx", "ALL199999")
    hostile.declared_huge(folder / "declared.xlsx")
    hostile.implicit_wide_row(folder / "implicit.xlsx")
    hostile.entity_bomb(folder / "entities.xlsx")
    hostile.lying_sizes(folder / "lying.xlsx")
    hostile.many_cells(folder / "many cells.xlsx", rows=150_000)
    hostile.missing_relationships(folder / "norels.xlsx")
    (folder / "out.xlsx").symlink_to("/etc/passwd")
    os.mkfifo(folder / "pipe.xlsx")
    hostile.unit_report(Path(os.fsdecode(bytes(folder) + b"/t\xean.xlsx")), "00128")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--wards", type=int, default=12)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="thidua-hostile-") as folder:
        raw = Path(folder) / "raw"
        generate(raw, ward_count=args.wards, seed=2026)
        plain = refresh(raw, Path(folder) / "plain" / "thidua.duckdb")
        corpus(raw)
        attacked = refresh(raw, Path(folder) / "attacked" / "thidua.duckdb")
    print(f"{'':28}{'seconds':>10}{'peak MB':>10}{'exit':>6}")
    for name, (seconds, peak, code) in (("city", plain), ("city + hostile corpus", attacked)):
        print(f"{name:28}{seconds:10.1f}{peak / 2**20:10.0f}{code:6}")


if __name__ == "__main__":
    main()
