"""End to end at city and national size, measured side by side in one run.

    .venv/bin/python benchmarks/nationwide.py --wards 114 3321

For each N: generate a city with `thidua sample`, then measure
1. the parse floor: python-calamine reads every sheet of every workbook, nothing else;
2. a naive consolidation: pandas.read_excel (openpyxl) per file, then concat;
3. `thidua refresh` end to end (ingest, GX, dbt build, reports) into a new warehouse;
4. an incremental refresh after one ward re-sends its workbook;
5. the same with `thidua watch` already running: from the moment the file is in the
   folder to the watcher's published build (its polls included);
with wall time and the peak memory of the largest process, and the ratios 3/1, 2/3, 4/3, 5/3.
Appends the figures to docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Heavy imports stay inside functions (see ingest_speed.py), whose readers we share.
from ingest_speed import naive, parse_floor  # noqa: E402  (benchmarks/ is the script's path)

THIDUA = str(Path(sys.executable).with_name("thidua"))
DOC = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def child_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def run(command: list[str]) -> tuple[float, str]:
    """Wall time, and the refresh's own line of seconds per step (empty for other commands)."""
    started = time.perf_counter()
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    steps = [line for line in done.stdout.splitlines() if line.startswith("Thời gian từng bước")]
    return time.perf_counter() - started, (steps[-1].split(":", 1)[1].strip() if steps else "")


def watched(raw: Path, warehouse: Path, resent: Path) -> tuple[float, float, str]:
    """Seconds from a re-sent file landing in the folder to the watcher's published build,
    the seconds of the build alone (as the watcher prints them), and its seconds per step."""
    watcher = subprocess.Popen(
        [THIDUA, "watch", "--raw", str(raw), "--warehouse", str(warehouse), "--interval", "0.25"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines = iter(watcher.stdout)
    next(line for line in lines if "chờ tệp mới" in line)  # loaded, and the folder is built
    shutil.copy(resent, raw / "gui lai lan 2.xlsx")
    started = time.perf_counter()
    steps, build = "", 0.0
    for line in lines:
        if line.startswith("Hoàn tất sau"):
            build = float(line.split()[3].replace(".", "").replace(",", "."))  # Vietnamese: 13,8
        if line.startswith("Thời gian từng bước"):
            steps = line.split(":", 1)[1].strip()
        if "Chờ tệp mới" in line:
            break
    seconds = time.perf_counter() - started
    watcher.send_signal(signal.SIGINT)
    watcher.communicate(timeout=60)
    return seconds, build, steps


def measure(wards: int, workdir: Path) -> dict:
    from pipelines.reading.workbook import find_workbooks

    raw = workdir / f"raw{wards}"
    started = time.perf_counter()
    run([THIDUA, "sample", "--out", str(raw), "--wards", str(wards), "--seed", "1"])
    generate_s = time.perf_counter() - started
    paths = find_workbooks(raw)
    figures = {"wards": wards, "files": len(paths), "generate_s": generate_s}
    started = time.perf_counter()
    parse_floor(paths)
    figures["floor_s"] = time.perf_counter() - started
    started = time.perf_counter()
    naive(paths)
    figures["naive_s"] = time.perf_counter() - started
    warehouse = workdir / f"w{wards}" / "thidua.duckdb"
    figures["refresh_s"], figures["refresh_steps"] = run(
        [THIDUA, "refresh", "--raw", str(raw), "--warehouse", str(warehouse)]
    )
    other = workdir / f"other{wards}"
    run([THIDUA, "sample", "--out", str(other), "--wards", "2", "--seed", "9"])
    shutil.copy(other / "2026-H1/phuong/BC thi dua P.Thanh Dong.xlsx", raw / "gui lai.xlsx")
    figures["incremental_s"], figures["incremental_steps"] = run(
        [THIDUA, "refresh", "--raw", str(raw), "--warehouse", str(warehouse)]
    )
    figures["watch_s"], figures["watch_build_s"], figures["watch_steps"] = watched(
        raw, warehouse, other / "2026-H1/phuong/BC thi dua P.Thanh Dong (sua lan 2).xlsx"
    )
    figures["peak_mb"] = child_peak_mb()
    figures["warehouse_mb"] = warehouse.stat().st_size / 2**20
    shutil.rmtree(raw)
    shutil.rmtree(other)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--wards", type=int, nargs="+", default=[114, 3321])
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for wards in args.wards:
            figures = measure(wards, Path(tmp))
            print(figures, flush=True)
            rows.append(figures)
    lines = [
        "",
        f"## Run of {time.strftime('%Y-%m-%d')}: `python benchmarks/nationwide.py --wards {' '.join(map(str, args.wards))}`",
        "",
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}. "
        "Peak memory: the largest process, refresh or watcher (ru_maxrss of children).",
        "",
        "| wards | workbooks | 1. parse floor s | 2. naive pandas s | 3. refresh s | 4. incremental s | 5. incremental, watching s | 3/1 | 2/3 | 4/3 | 5/3 | peak MB | warehouse MB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for f in rows:
        lines.append(
            f"| {f['wards']} | {f['files']} | {f['floor_s']:.1f} | {f['naive_s']:.1f} | "
            f"{f['refresh_s']:.1f} | {f['incremental_s']:.1f} | {f['watch_s']:.1f} | "
            f"{f['refresh_s'] / f['floor_s']:.1f} | {f['naive_s'] / f['refresh_s']:.2f} | "
            f"{f['incremental_s'] / f['refresh_s']:.2f} | {f['watch_s'] / f['refresh_s']:.2f} | "
            f"{f['peak_mb']:.0f} | {f['warehouse_mb']:.0f} |"
        )
    lines += ["", "Seconds per step, as `thidua refresh` prints them:", ""]
    for f in rows:
        lines.append(f"- {f['wards']} wards, full: {f['refresh_steps']}")
        lines.append(f"- {f['wards']} wards, incremental: {f['incremental_steps']}")
        lines.append(
            f"- {f['wards']} wards, incremental, watching: {f['watch_steps']} "
            f"(the build {f['watch_build_s']:.1f} s of {f['watch_s']:.1f} s, the rest noticing the file)"
        )
    with DOC.open("a", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
