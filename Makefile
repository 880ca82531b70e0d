# The interface between components: a fresh machine needs only `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export DO_NOT_TRACK := 1
export DAGSTER_DISABLE_TELEMETRY := 1

.PHONY: setup browser run watch test lint dev serve sample benchmark clean

setup: $(STAMP)

# uv installs the pinned lock file in seconds; pip is only used to fetch uv itself.
# Bytecode is compiled once here: where PYTHONDONTWRITEBYTECODE is set (as on our machines)
# every process would otherwise compile dagster, dbt and GX from source, about 5 s each.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet "uv==0.13.8"
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	$(BIN)/python -m compileall -q pipelines
	touch $(STAMP)

run: $(STAMP)
	THIDUA_CITY="$${THIDUA_CITY:-Thanh Hà}" $(BIN)/thidua refresh --raw raw --warehouse warehouse/thidua.duckdb

# Stays running and rebuilds whenever a workbook lands in raw/ (Ctrl+C stops it).
watch: $(STAMP)
	$(BIN)/thidua watch --raw raw --warehouse warehouse/thidua.duckdb

# Reports and the portal are checked as people see them: pages in headless Chromium (the
# portal driven by Selenium through chromedriver), the Excel and Word reports converted to
# PDF by LibreOffice and to PNG by pdftoppm. Debian's packages, installed here when missing and we
# may (root with apt-get, as in CI); else those tests skip.
SYSTEM_TOOLS := chromium chromedriver soffice pdftoppm
# LibreOffice's word processor (the official Word reports are printed by it in the tests)
WRITER := /usr/lib/libreoffice/program/libswlo.so
browser:
	@missing=""; for tool in $(SYSTEM_TOOLS); do command -v $$tool >/dev/null 2>&1 || missing="$$missing $$tool"; done; \
	[ -e $(WRITER) ] || missing="$$missing libreoffice-writer"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      chromium chromium-driver libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils >/dev/null; \
	  else echo "missing:$$missing (the tests that need them will be skipped)"; fi; fi

test: $(STAMP) browser
	$(BIN)/pytest

# ruff for the Python, sqlfluff (.sqlfluff) for the dbt models; .ci/run runs it first.
lint: $(STAMP)
	$(BIN)/ruff check pipelines tests benchmarks
	$(BIN)/ruff format --check pipelines tests benchmarks
	$(BIN)/sqlfluff lint dbt_project/models

# The Dagster UI over the instance every `make run` / `thidua refresh` / `thidua watch` of
# warehouse/thidua.duckdb records its runs in: their history, materialisations and checks.
dev: $(STAMP)
	mkdir -p warehouse/.dagster
	DAGSTER_HOME="$(CURDIR)/warehouse/.dagster" $(BIN)/dagster dev

# The read-only portal for the board on http://127.0.0.1:8080/ (after `make run`).
serve: $(STAMP)
	$(BIN)/thidua serve --warehouse warehouse/thidua.duckdb

# Regenerates the committed sample city in raw/ (same seed, same bytes).
sample: $(STAMP)
	rm -rf raw && $(BIN)/thidua sample --out raw --wards 12 --seed 2026

benchmark: $(STAMP)
	$(BIN)/python benchmarks/ingest_speed.py

clean:
	rm -rf $(VENV) warehouse dbt_project/target dbt_project/logs
