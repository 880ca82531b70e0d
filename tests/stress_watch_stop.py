"""Stop a watcher at random moments of a build, many times: it must always exit, with 0.

    .venv/bin/python tests/stress_watch_stop.py [--runs 12]

Not part of the suite (a minute a run of 12): `test_watch.py` stops a watcher at one
moment; this looks for the moments where a signal lands in other code (dbt's loop, a
worker's start-up) and is lost. Prints one line a stop: the delay, the exit code, and
whether the watcher said it stopped.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

THIDUA = str(Path(sys.executable).with_name("thidua"))
RESENT = "2026-H1/phuong/BC thi dua P.Thanh Dong.xlsx"


def main() -> int:
    import openpyxl

    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=12)
    args = parser.parse_args()
    hangs = 0
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        subprocess.run([THIDUA, "sample", "--out", str(work / "city")], check=True)
        built = work / "built" / "thidua.duckdb"
        subprocess.run(
            [THIDUA, "refresh", "--raw", str(work / "city"), "--warehouse", str(built)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        for _ in range(args.runs):
            raw, warehouse = work / "raw", work / "w" / "thidua.duckdb"
            shutil.rmtree(raw, ignore_errors=True)
            shutil.rmtree(warehouse.parent, ignore_errors=True)
            shutil.copytree(work / "city", raw)
            warehouse.parent.mkdir()
            shutil.copy(built, warehouse)
            resent = openpyxl.load_workbook(raw / RESENT)
            resent.properties.title = str(time.time_ns())  # new bytes: a new version
            resent.save(raw / "BC gui lai.xlsx")
            watcher = subprocess.Popen(
                [THIDUA, "watch", "--raw", str(raw), "--warehouse", str(warehouse)]
                + ["--interval", "0.2"],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for line in watcher.stdout:
                if "Có tệp mới" in line:  # the build has started
                    break
            delay = random.uniform(0.5, 5.0)
            time.sleep(delay)
            watcher.send_signal(signal.SIGINT)
            try:
                code = watcher.wait(timeout=60)
                said = "Đã dừng" in watcher.stdout.read()
                print(f"stopped {delay:.2f} s into the build: exit {code}, said so: {said}")
                hangs += code != 0 or not said
            except subprocess.TimeoutExpired:
                watcher.kill()
                hangs += 1
                print(f"stopped {delay:.2f} s into the build: STILL RUNNING after 60 s")
    print(f"{hangs} of {args.runs} stops failed")
    return 1 if hangs else 0


if __name__ == "__main__":
    sys.exit(main())
