"""Shared fixtures: a generated city refreshed once per session into a temporary warehouse."""

import os
import shutil
from pathlib import Path

import duckdb
import pytest

os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")


@pytest.fixture(scope="session")
def city(tmp_path_factory) -> Path:
    from pipelines.sample.generator import generate

    root = tmp_path_factory.mktemp("city")
    generate(root, ward_count=12, seed=7)
    return root


@pytest.fixture(scope="session")
def refreshed(city, tmp_path_factory) -> Path:
    """The whole Dagster graph materialised over the generated city, through the CLI."""
    from pipelines.cli import main

    warehouse = tmp_path_factory.mktemp("warehouse") / "thidua.duckdb"
    assert main(["refresh", "--raw", str(city), "--warehouse", str(warehouse)]) == 0
    return warehouse


@pytest.fixture
def con(refreshed):
    with duckdb.connect(str(refreshed), read_only=True) as connection:
        yield connection


@pytest.fixture
def resend(city, refreshed, tmp_path):
    """A copy of the refreshed warehouse, and a raw folder where ward 00127 re-sent its report."""
    raw = tmp_path / "raw"
    shutil.copytree(city, raw)
    other = tmp_path / "other"
    from pipelines.sample.generator import generate

    generate(other, ward_count=12, seed=8)  # same codes and names, other figures
    shutil.copy(other / "2026-H1/phuong/BC thi dua P.Thanh Dong.xlsx", raw / "BC gui lai.xlsx")
    warehouse = tmp_path / "w.duckdb"
    shutil.copy(refreshed, warehouse)
    return raw, warehouse
