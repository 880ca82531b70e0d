"""CPU time to parse one workbook, for comparing two versions of the reading code.

    .venv/bin/python benchmarks/parse_per_file.py [--tree DIR] [--files 'raw/**/*.xlsx']

--tree: a checkout whose `pipelines` to import (another commit, made with `git worktree
add`), instead of the installed one; alternate the two a few times in one session and
compare the minimum, the machine's noise being large.
"""

from __future__ import annotations

import argparse
import glob
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tree", default=str(Path(__file__).resolve().parents[1]))
    parser.add_argument("--files", default="raw/**/*.xlsx")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()
    # the editable install's finder would import this checkout whatever the path says
    sys.meta_path = [finder for finder in sys.meta_path if "editable" not in repr(finder).lower()]
    sys.path.insert(0, args.tree)
    from pipelines.reading.workbook import parse_workbook

    files = sorted(glob.glob(args.files, recursive=True)) * args.repeat
    started = time.process_time()
    for name in files:
        parse_workbook(Path(name), Path("."))
    per_file = (time.process_time() - started) / len(files) * 1000
    print(f"{args.tree}: {per_file:.2f} ms a file ({len(files)} parses)")


if __name__ == "__main__":
    main()
