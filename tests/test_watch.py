"""`thidua watch`, a real process: it builds what changed, stays loaded, and stops cleanly."""

import hashlib
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import openpyxl

from pipelines.store.query import run_query

THIDUA = str(Path(sys.executable).with_name("thidua"))
ROOT = Path(__file__).resolve().parents[1]
VERSIONS = """select versions from marts.mart_submission_status
              where period_code = '2026-H1' and sender_code = '00127'"""


class Watcher:
    """`thidua watch` with its output read line by line as it comes."""

    def __init__(self, raw: Path, warehouse: Path, command: tuple[str, ...] = (THIDUA,), **options):
        arguments = ["watch", "--raw", str(raw), "--warehouse", str(warehouse), "--interval", "0.2"]
        self.process = subprocess.Popen(
            [*command, *arguments],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **options.pop("env", {})},
            **options,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, text: str, timeout: float = 240) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=1)
            except queue.Empty:
                assert self.process.poll() is None, "\n".join(self.seen)
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} in:\n" + "\n".join(self.seen))

    def drain(self) -> list[str]:
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return self.seen

    def stop(self, signum: int = signal.SIGINT) -> int:
        self.process.send_signal(signum)
        code = self.process.wait(timeout=60)
        self.wait_for("Đã dừng theo dõi.", timeout=10)
        return code


def _resend_again(raw: Path, source: Path) -> None:
    """The ward sends its report once more: same figures, another file (another sha256)."""
    book = openpyxl.load_workbook(source)
    book.properties.title = "gửi lại lần 3"
    book.save(raw / "BC gui lai lan 3.xlsx")


def test_watch_builds_each_change_with_dbt_parsed_once_and_stops_on_ctrl_c(resend, tmp_path):
    raw, warehouse = resend
    watcher = Watcher(raw, warehouse)
    try:
        # the re-sent report was already in the folder: the first look builds it
        watcher.wait_for("Có tệp mới hay thay đổi")
        watcher.wait_for("Chờ tệp mới")
        assert run_query(warehouse, VERSIONS).iloc[0, 0] == 2
        parse_state = next((warehouse.parent / ".dbt").glob("*/partial_parse.msgpack"))
        parsed_at = parse_state.stat().st_mtime_ns

        _resend_again(raw, raw / "BC gui lai.xlsx")
        watcher.wait_for("Có tệp mới hay thay đổi")
        watcher.wait_for("Chờ tệp mới")
        assert run_query(warehouse, VERSIONS).iloc[0, 0] == 3
        # dbt built from the manifest parsed when the watcher started: no parse since
        assert parse_state.stat().st_mtime_ns == parsed_at
        with duckdb.connect(str(warehouse), read_only=True) as con:
            latest_run = con.execute(
                "select run_id from raw.files order by first_seen_at desc limit 1"
            ).fetchone()[0]
            dbt_rule_runs = con.execute(
                "select distinct run_id from quality.dq_issues where rule_code = 'SONG_SUPERSEDED'"
            ).fetchall()
        # values read by the models at build time (the run id) are this build's, not the parse's
        assert dbt_rule_runs == [(latest_run,)]
    finally:
        code = watcher.stop(signal.SIGINT)
    assert code == 0


def test_ctrl_c_during_a_build_stops_the_watcher_and_keeps_the_published_warehouse(resend):
    raw, warehouse = resend
    before = hashlib.sha256(warehouse.read_bytes()).hexdigest()
    watcher = Watcher(raw, warehouse)
    watcher.wait_for("Có tệp mới hay thay đổi")  # the re-sent report: a build starts
    logs = warehouse.parent / "logs"
    for _ in range(600):  # until dbt runs, the longest step
        if any("START sql" in log.read_text(encoding="utf-8") for log in logs.glob("*.log")):
            break
        time.sleep(0.05)
    code = watcher.stop(signal.SIGINT)
    assert code == 0
    assert not any("Chờ tệp mới" in line for line in watcher.drain()), "stopped mid-build"
    assert hashlib.sha256(warehouse.read_bytes()).hexdigest() == before
    assert not warehouse.with_name(warehouse.name + ".building").exists()


def test_a_stop_signal_is_seen_even_when_the_code_it_lands_in_swallows_it():
    """Dagster raises the signal as an exception in whatever runs; when dbt catches it as a
    node's error, the build must still count as stopped (a watcher once kept running)."""
    from pipelines.cli.refresh import _stop_signals_seen

    previous = signal.signal(signal.SIGINT, lambda signum, frame: None)  # swallowed
    try:
        with _stop_signals_seen() as stopped:
            assert not stopped()
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)
            assert stopped()
        with _stop_signals_seen() as stopped:
            assert not stopped(), "a new build starts without the old signal"
    finally:
        signal.signal(signal.SIGINT, previous)


def test_watch_reports_a_failed_build_keeps_the_warehouse_and_stops_on_sigterm(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    warehouse.write_bytes(b"not a duckdb file")
    raw = tmp_path / "raw"
    shutil.copytree(Path(__file__).parents[1] / "raw" / "danh_muc", raw / "danh_muc")
    watcher = Watcher(raw, warehouse)
    try:
        line = watcher.wait_for("LỖI: lần làm mới không hoàn tất, kho cũ được giữ nguyên.")
        assert "ingest_workbooks" in line
        time.sleep(1.5)  # several polls: the same failing state is not built again
        assert sum("Có tệp mới hay thay đổi" in seen for seen in watcher.drain()) == 1
    finally:
        code = watcher.stop(signal.SIGTERM)
    assert code == 0
    assert warehouse.read_bytes() == b"not a duckdb file"


class RecordingRefresher:
    """Records the builds asked for; the real build is what the process tests above run."""

    def __init__(self, raw: Path, warehouse: Path):
        self.raw, self.warehouse, self.builds = raw, warehouse, []

    def build(self, state):
        from pipelines.cli.refresh import Build

        self.builds.append(state)
        return Build(0.1, {}, self.warehouse.parent / "refresh.log")


def test_a_look_builds_only_a_settled_folder_and_looks_again_when_a_file_vanished(
    city, refreshed, tmp_path, monkeypatch
):
    from pipelines.cli import watch

    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(city / "2026-H1/phuong/BC thi dua P.Thanh Dong.xlsx", raw / "a.xlsx")
    warehouse = tmp_path / "w.duckdb"
    shutil.copy(refreshed, warehouse)
    refresher = RecordingRefresher(raw, warehouse)
    poller = watch.Poller(refresher, interval=0)
    poller.look()
    assert refresher.builds == [], "one look is not enough: the file may still be copied in"

    real_state = watch.current_state
    monkeypatch.setattr(
        watch, "current_state", lambda raw, warehouse: (_ for _ in ()).throw(OSError)
    )
    poller.look()  # the folder settled, but a file vanished while it was hashed
    assert refresher.builds == []
    monkeypatch.setattr(watch, "current_state", real_state)
    poller.look()
    assert len(refresher.builds) == 1, "looked again and built"
    poller.look()
    assert len(refresher.builds) == 1, "nothing changed since"

    shutil.copy(raw / "a.xlsx", raw / "b.xlsx")
    poller.look()
    assert len(refresher.builds) == 1
    poller.look()
    assert len(refresher.builds) == 2


def test_a_change_to_the_projects_code_restarts_the_watcher_which_builds_with_it(resend, tmp_path):
    """On a copy of the project, so the change touches no file of this checkout."""
    raw, warehouse = resend
    project = tmp_path / "project"
    for folder in ("pipelines", "dbt_project", "expectations"):
        shutil.copytree(
            ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__", "*.log*")
        )
    shutil.copy(ROOT / "pyproject.toml", project)  # Dagster finds its code location by it
    watcher = Watcher(
        raw,
        warehouse,
        (sys.executable, "-m", "pipelines.cli"),
        cwd=project,
        env={"PYTHONPATH": str(project)},
    )
    try:
        watcher.wait_for("Chờ tệp mới")  # the re-sent report, built with the code as it is
        model = project / "dbt_project/models/quality/dq_reconciliation.sql"
        model.write_text(model.read_text(encoding="utf-8") + "\n-- đổi mã\n", encoding="utf-8")
        watcher.wait_for("Mã nguồn của dự án đã đổi: khởi động lại")
        watcher.wait_for("Có tệp mới hay thay đổi")  # the same files, new code: built again
        watcher.wait_for("Chờ tệp mới")
        compiled = next(
            (warehouse.parent / ".dbt").glob("*/compiled/thidua/**/dq_reconciliation.sql")
        )
        assert "-- đổi mã" in compiled.read_text(encoding="utf-8")
    finally:
        code = watcher.stop(signal.SIGINT)
    assert code == 0
