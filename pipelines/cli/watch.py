"""`thidua watch`: rebuild the warehouse each time the raw folder settles after a change.

In a reporting season wards send and re-send workbooks all day. `thidua refresh` starts
cold each time: loading Dagster, parsing the dbt project and importing Great Expectations
cost more than the build of one re-sent workbook. A watcher keeps all three loaded
(pipelines/cli/refresh.py, `keep_loaded`), so the new figures reach the marts, the reports
and the portal in the time of the build alone.

It polls the folder: every workbook's path, size and modification time (about 50 ms at
7,500 workbooks), and builds once two polls in a row agree, so a file still being copied
in is not read half-written. A change to the project's own code restarts the watcher,
which then builds with the new code. The raw-folder sensor that `dagster dev` runs
(pipelines/defs/automation/sensors.py) makes the same two looks and the same test of the
published build, a tick apart.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from pipelines.build.state import (
    Snapshot,
    code_digest,
    current_state,
    folder_snapshot,
    is_unchanged,
)
from pipelines.cli.refresh import (
    BuildFailed,
    BuildInterrupted,
    Refresher,
    print_failure,
    print_steps,
    print_summary,
)
from pipelines.core.values import vn_number
from pipelines.store.warehouse import RefreshInProgress, refresh_lock


def _stamp() -> str:
    return time.strftime("%H:%M:%S")


def _stop(signum, frame) -> None:
    _ignore_signals()
    raise KeyboardInterrupt


def _ignore_signals() -> None:
    # The first signal stops the watcher; more while it winds down must not break the
    # clean-up (Ctrl+C in a terminal reaches `make watch` and the watcher both).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


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
    loop = Poller(Refresher(raw, warehouse, keep_loaded=True), interval)
    try:
        loaded = vn_number(round(loop.refresher.load(), 1))
        print(f"  Nạp đồ thị Dagster… ({loaded} giây)", flush=True)
        while True:
            loop.look()
            time.sleep(interval)
    except KeyboardInterrupt:
        _ignore_signals()
        print(f"[{_stamp()}] Đã dừng theo dõi.", flush=True)
        return 0
    finally:
        loop.refresher.close()


class Poller:
    """One look at the folder at a time; builds once two looks agree on a new state."""

    def __init__(self, refresher: Refresher, interval: float):
        self.refresher = refresher
        self.interval = interval
        self.code = code_digest()  # the code this process loaded
        self.seen: Snapshot | None = None  # the folder at the previous look
        self.handled: Snapshot | None = None  # the folder last built, or found built
        self.failed: tuple[str, str] | None = None  # the state whose build failed
        self.waiting = False  # another refresh holds the lock, said once

    def look(self) -> None:
        now = folder_snapshot(self.refresher.raw)
        if now == self.seen and now != self.handled:
            self.handled = self._settled(now)
        self.seen = now

    def _settled(self, now: Snapshot) -> Snapshot | None:
        """Build the folder if the published warehouse is not already made from it; what
        counts as handled afterwards (the previous value: look again next time)."""
        raw, warehouse = self.refresher.raw, self.refresher.warehouse
        try:
            state = current_state(raw, warehouse)
        except OSError:  # a file was moved or removed since the look
            return self.handled
        if state[0] != self.code:
            _restart(self.refresher, self.interval)
        if is_unchanged(warehouse, state) or state == self.failed:
            if self.handled is None:
                print(f"[{_stamp()}] Kho dữ liệu đã khớp với thư mục; chờ tệp mới…", flush=True)
            return now
        try:
            with refresh_lock(warehouse):
                print(f"[{_stamp()}] Có tệp mới hay thay đổi: làm mới…", flush=True)
                build = self.refresher.build(state)
        except RefreshInProgress as error:
            if not self.waiting:
                print(f"[{_stamp()}] {error} Sẽ thử lại.", flush=True)
            self.waiting = True
            return self.handled
        except BuildInterrupted:  # a signal during a build: Dagster caught it, we stop
            raise KeyboardInterrupt from None
        except BuildFailed as error:
            print_failure(error, prefix=f"[{_stamp()}] ", published=warehouse)
            self.failed, self.waiting = state, False
            return now
        print_summary(warehouse, build.seconds)
        print_steps(0.0, build)
        print(f"[{_stamp()}] Chờ tệp mới…", flush=True)
        self.waiting = False
        return now


def _restart(refresher: Refresher, interval: float) -> None:
    """The project's code changed: start again as a new program, which loads the new code."""
    print(f"[{_stamp()}] Mã nguồn của dự án đã đổi: khởi động lại để dùng mã mới.", flush=True)
    refresher.close()
    sys.stderr.flush()
    arguments = ["watch", "--raw", str(refresher.raw), "--warehouse", str(refresher.warehouse)]
    os.execv(
        sys.executable,
        [sys.executable, "-m", "pipelines.cli", *arguments, "--interval", str(interval)],
    )
