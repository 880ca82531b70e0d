"""`thidua watch`: rebuild the warehouse each time the raw folder settles after a change.

In a reporting season wards send and re-send workbooks all day. `thidua refresh` starts
cold each time: loading Dagster, parsing the dbt project and importing Great Expectations
cost more than the build of one re-sent workbook. A watcher keeps all three loaded
(pipelines/refresh.py, `keep_loaded`), so the new figures reach the marts, the reports
and the portal in the time of the build alone.

It polls the folder: every workbook's path, size and modification time (about 50 ms at
7,500 workbooks), and builds once two polls in a row agree, so a file still being copied
in is not read half-written. A change to the project's own code restarts the watcher,
which then builds with the new code.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from pipelines.lib.build_state import code_files, current_state, is_unchanged
from pipelines.lib.warehouse import RefreshInProgress, refresh_lock
from pipelines.lib.workbook import find_workbooks
from pipelines.refresh import BuildFailed, Refresher, print_steps, print_summary

Snapshot = tuple[tuple[str, int, int], ...]


def snapshot(raw: Path) -> Snapshot:
    """What a poll compares: path, size and modification time of every workbook and of
    every file of the project's code."""
    entries = []
    for path in [*find_workbooks(raw), *code_files()]:
        try:
            status = path.stat()
        except FileNotFoundError:  # removed between the listing and now
            continue
        entries.append((str(path), status.st_size, status.st_mtime_ns))
    return tuple(entries)


def _stamp() -> str:
    return time.strftime("%H:%M:%S")


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


def watch(raw: Path, warehouse: Path, interval: float) -> int:
    # Ctrl+C, and a service manager's stop, end it cleanly. Both set here: a program started
    # in the background inherits SIGINT ignored, and each Dagster run gives SIGTERM the
    # SIGINT handler it restores.
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    print(
        f"Theo dõi {raw} (mỗi {interval:g} giây) và làm mới kho {warehouse} khi có tệp mới "
        "hay thay đổi. Nhấn Ctrl+C để dừng.",
        flush=True,
    )
    refresher = Refresher(raw, warehouse, keep_loaded=True)
    code = current_state(raw)[0]
    try:
        print(f"  Nạp đồ thị Dagster… ({refresher.load():.1f} giây)", flush=True)
        seen: Snapshot | None = None  # the folder at the previous poll
        handled: Snapshot | None = None  # the folder last built, or found built
        failed: tuple[str, str] | None = None  # the state whose build failed
        waiting = False  # another refresh holds the lock, said once
        while True:
            now = snapshot(raw)
            if now == seen and now != handled:
                state = current_state(raw)
                if state[0] != code:
                    _restart(refresher, raw, warehouse, interval)
                if is_unchanged(warehouse, state) or state == failed:
                    if handled is None:
                        print(f"[{_stamp()}] Kho dữ liệu đã khớp với thư mục; chờ tệp mới…")
                    handled = now
                else:
                    try:
                        with refresh_lock(warehouse):
                            print(f"[{_stamp()}] Có tệp mới hay thay đổi: làm mới…", flush=True)
                            build = refresher.build(state)
                    except RefreshInProgress as error:
                        if not waiting:
                            print(f"[{_stamp()}] {error} Sẽ thử lại.", flush=True)
                        waiting = True
                    except BuildFailed as error:
                        print(
                            f"[{_stamp()}] LỖI: lần làm mới không hoàn tất, kho cũ được giữ "
                            f"nguyên. {error}\nNhật ký chi tiết (dbt): {error.log_path}",
                            file=sys.stderr,
                            flush=True,
                        )
                        failed, handled, waiting = state, now, False
                    else:
                        print_summary(warehouse, build.seconds)
                        print_steps(0.0, build)
                        print(f"[{_stamp()}] Chờ tệp mới…", flush=True)
                        handled, waiting = now, False
            seen = now
            time.sleep(interval)
    except KeyboardInterrupt:
        print(f"[{_stamp()}] Đã dừng theo dõi.", flush=True)
        return 0
    finally:
        refresher.close()


def _restart(refresher: Refresher, raw: Path, warehouse: Path, interval: float) -> None:
    """The project's code changed: start again as a new program, which loads the new code."""
    print(f"[{_stamp()}] Mã nguồn của dự án đã đổi: khởi động lại để dùng mã mới.", flush=True)
    refresher.close()
    sys.stderr.flush()
    arguments = ["watch", "--raw", str(raw), "--warehouse", str(warehouse)]
    os.execv(
        sys.executable,
        [sys.executable, "-m", "pipelines.cli", *arguments, "--interval", str(interval)],
    )
