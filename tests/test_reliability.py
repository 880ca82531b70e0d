"""Concurrency and crash safety, with real `thidua refresh` processes."""

import hashlib
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipelines.store.query import run_query

THIDUA = str(Path(sys.executable).with_name("thidua"))
VERSIONS = """select versions from marts.mart_submission_status
              where period_code = '2026-H1' and sender_code = '00127'"""


def _start(raw: Path, warehouse: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [THIDUA, "refresh", "--raw", str(raw), "--warehouse", str(warehouse)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_for_lock(warehouse: Path, process: subprocess.Popen) -> None:
    lock = warehouse.with_name(warehouse.name + ".lock")
    for _ in range(300):
        if (
            lock.exists()
            and lock.read_text().startswith("pid")
            and warehouse.with_name(warehouse.name + ".building").exists()
        ):
            return
        assert process.poll() is None, process.communicate()
        time.sleep(0.1)
    raise AssertionError("the refresh never took its lock")


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_second_refresh_refuses_and_queries_answer_from_the_last_build(resend):
    raw, warehouse = resend
    assert run_query(warehouse, VERSIONS).iloc[0, 0] == 1
    first = _start(raw, warehouse)
    _wait_for_lock(warehouse, first)
    second = subprocess.run(
        [THIDUA, "refresh", "--raw", str(raw), "--warehouse", str(warehouse)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert second.returncode == 3
    assert "Một lần làm mới khác đang chạy" in second.stderr
    assert run_query(warehouse, VERSIONS).iloc[0, 0] == 1, "the published build, never a half one"
    out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert run_query(warehouse, VERSIONS).iloc[0, 0] == 2, "the re-sent report is a new version"


def _dbt_started(warehouse: Path) -> bool:
    return any(
        "START sql" in log.read_text(encoding="utf-8")
        for log in (warehouse.parent / "logs").glob("refresh_*.log")
    )


# Killed while it reads the files (just after it copied the warehouse), and while dbt builds.
KILL_POINTS = {
    "reading": lambda warehouse: True,
    "dbt": _dbt_started,
}


@pytest.mark.parametrize("stage", KILL_POINTS)
def test_killing_a_refresh_leaves_the_warehouse_intact_and_the_next_one_completes(resend, stage):
    raw, warehouse = resend
    before = _digest(warehouse)
    process = _start(raw, warehouse)
    _wait_for_lock(warehouse, process)
    for _ in range(600):
        if KILL_POINTS[stage](warehouse):
            break
        time.sleep(0.05)
    assert process.poll() is None, "the refresh ended before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)  # its workers died with it: nothing holds its pipes
    assert _digest(warehouse) == before
    again = subprocess.run(
        [THIDUA, "refresh", "--raw", str(raw), "--warehouse", str(warehouse)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert again.returncode == 0, again.stderr
    # the console script ends without Python's teardown (pipelines.cli.entry): all said
    assert again.stdout.rstrip().splitlines()[-1].startswith("Nhật ký chi tiết (dbt):")
    assert run_query(warehouse, VERSIONS).iloc[0, 0] == 2


def test_a_failed_refresh_exits_1_with_its_message_from_the_console_script(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    warehouse.write_bytes(b"not a duckdb file")
    (tmp_path / "raw").mkdir()
    done = subprocess.run(
        [THIDUA, "refresh", "--raw", str(tmp_path / "raw"), "--warehouse", str(warehouse)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    assert "LỖI: lần làm mới không hoàn tất, kho cũ được giữ nguyên." in done.stderr
    assert warehouse.read_bytes() == b"not a duckdb file"
