"""Shared fixtures: a generated city refreshed once per session into a temporary warehouse."""

import os
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
