"""Ingestion speed on a generated city, measured side by side in one run.

    .venv/bin/python benchmarks/ingest_speed.py [--wards 300] [--seed 1]

1. parse floor: python-calamine reads every sheet of every workbook, nothing else;
2. naive: pandas.read_excel (openpyxl) of every sheet of every file, then concat;
3. thidua parse, one process;
4. thidua parse on every core (what `thidua refresh` does for a large batch);
5. thidua ingest into DuckDB (hash, parse on every core, load), first run;
6. the same ingest again: nothing new, only hashing.
Writes the figures to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import tempfile
import time
from pathlib import Path

# Heavy imports live inside the functions: parsing workers are spawned and re-import
# this module, as they re-import the light `thidua` entry point in a real refresh.


def parse_floor(paths: list[Path]) -> int:
    import python_calamine

    cells = 0
    for path in paths:
        try:
            book = python_calamine.CalamineWorkbook.from_path(str(path))
        except Exception:
            continue
        for name in book.sheet_names:
            cells += sum(len(row) for row in book.get_sheet_by_name(name).to_python())
    return cells


def naive(paths: list[Path]) -> int:
    import pandas as pd

    frames = []
    for path in paths:
        try:
            sheets = pd.read_excel(path, sheet_name=None, engine="openpyxl", header=None)
        except Exception:
            continue
        frames.extend(sheets.values())
    return len(pd.concat(frames, ignore_index=True))


def timed(label: str, results: list, fn, *args):
    started = time.perf_counter()
    value = fn(*args)
    seconds = time.perf_counter() - started
    results.append((label, seconds))
    print(f"{label:55} {seconds:8.2f} s", flush=True)
    return value


def main() -> None:
    import duckdb

    from pipelines.reading.workbook import file_hash, find_workbooks
    from pipelines.sample.generator import generate
    from pipelines.store.ingest import ingest_folder, parse_many

    parser = argparse.ArgumentParser()
    parser.add_argument("--wards", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", default=str(Path(__file__).with_name("RESULTS.md")))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw"
        generate(raw, args.wards, args.seed)
        paths = find_workbooks(raw)
        jobs = [(path, file_hash(path)) for path in paths]
        print(f"{len(paths)} workbooks, {args.wards} wards, {os.cpu_count()} cores")
        results: list[tuple[str, float]] = []
        timed("1. parse floor (calamine, read only)", results, parse_floor, paths)
        timed("2. naive pandas.read_excel + concat", results, naive, paths)
        timed("3. thidua parse, one process", results, parse_many, jobs, raw, 1)
        timed("4. thidua parse, every core", results, parse_many, jobs, raw)
        with duckdb.connect(str(Path(tmp) / "w.duckdb")) as con:
            timed(
                "5. thidua ingest (hash + parse + load), first run",
                results,
                ingest_folder,
                raw,
                con,
                "b1",
            )
            timed("6. thidua ingest again, nothing new", results, ingest_folder, raw, con, "b2")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    seconds = dict(results)
    floor = results[0][1]
    lines = [
        "# Ingestion benchmark",
        "",
        f"`python benchmarks/ingest_speed.py --wards {args.wards} --seed {args.seed}`, "
        f"{len(paths)} workbooks, on {platform.machine()} with {os.cpu_count()} cores, "
        f"Python {platform.python_version()}. Peak memory of the main process: {peak_mb:.0f} MB.",
        "",
        "| step | seconds | files/s | × parse floor |",
        "|---|---:|---:|---:|",
    ]
    for label, value in results:
        lines.append(f"| {label} | {value:.2f} | {len(paths) / value:.0f} | {value / floor:.2f} |")
    naive_s = seconds["2. naive pandas.read_excel + concat"]
    ingest_s = seconds["5. thidua ingest (hash + parse + load), first run"]
    lines += ["", f"Full ingest is {naive_s / ingest_s:.1f}x faster than the naive read.", ""]
    Path(args.out).write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
