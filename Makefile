# Lotse: two commands. `make run` starts the demo, `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := run

export UV_PYTHON_DOWNLOADS := never
# Find Python 3.13 (or 3.12): on PATH, then in pyenv's versions, then Debian's.
PYTHON ?= $(shell for c in python3.13 python3.12 $$HOME/.pyenv/versions/3.13*/bin/python3.13 $$HOME/.pyenv/versions/3.12*/bin/python3.12 /usr/bin/python3.13 /usr/bin/python3.12; do if $$c -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1; then command -v $$c || echo $$c; break; fi; done)
UV ?= $(shell if uv --version >/dev/null 2>&1; then echo uv; else echo .tools/bin/uv; fi)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
# The suite runs on every core (pytest-xdist) in random order (pytest-randomly; the seed is
# printed at the top; repeat an order with PYTEST_ARGS=--randomly-seed=N).
PYTEST_PARALLEL ?= -n auto --dist loadgroup
PYTEST_ARGS ?=
# Business rules are typed strictly: every app's services and selectors.
STRICT_TYPED = $(wildcard src/lotse/*/services src/lotse/*/selectors)
PORT ?= 8000

.PHONY: run test install python-check lint format bench bench-data bench-scale clean messages sbom system-run system-test python-found

# Debian packages (Chromium, fonts, poppler, WeasyPrint's libraries): installed when missing,
# with sudo only when not root; scripts/system-packages.sh says what it installs.
system-run: python-found
	@PYTHON="$(PYTHON)" scripts/system-packages.sh run
system-test: python-found
	@PYTHON="$(PYTHON)" scripts/system-packages.sh test

# No Python 3.12+ yet: on Debian 13 its python3 is 3.13, so install that. PYTHON is expanded
# anew for every recipe, so python-found sees what python-check installed.
python-check:
	@if [ -z "$(PYTHON)" ]; then scripts/system-packages.sh python || true; fi
python-found: python-check
	@if [ -z "$(PYTHON)" ]; then \
	  echo "Lotse needs Python 3.12 or newer (3.13 recommended)."; \
	  echo "Install it, e.g. 'apt-get install python3.13' on Debian 13 or 'pyenv install 3.13'."; \
	  exit 1; fi

.tools/bin/uv: | python-found
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

$(BIN)/lotse: pyproject.toml uv.lock | python-found $(if $(filter .tools/bin/uv,$(UV)),.tools/bin/uv)
	$(UV) sync --frozen --extra dev --python $(PYTHON)
	@touch $@

install: $(BIN)/lotse

# Development settings: DEBUG on, demo logins allowed, SQLite in ./var.
run: export LOTSE_DEBUG = 1
run: system-run install
	$(BIN)/lotse migrate --noinput
	$(BIN)/lotse compilemessages --ignore .venv --ignore .tools >/dev/null
	$(BIN)/lotse demo
	@echo
	@echo "Lotse is starting at http://$(HOST):$(PORT)/ with a task worker  (stop both with Ctrl+C)"
	$(BIN)/lotse runall $(HOST):$(PORT)

test: system-test install
	LOTSE_DEBUG=1 $(BIN)/lotse compilemessages --ignore .venv --ignore .tools >/dev/null
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src/lotse
	$(BIN)/mypy --strict --cache-dir .mypy_cache/strict $(STRICT_TYPED)
	$(BIN)/bandit -q -r src/lotse -c pyproject.toml
	$(BIN)/pytest $(PYTEST_PARALLEL) $(PYTEST_ARGS)

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy src/lotse
	$(BIN)/mypy --strict --cache-dir .mypy_cache/strict $(STRICT_TYPED)

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: export LOTSE_DEBUG = 1
messages: install
	cd src/lotse && ../../$(BIN)/lotse makemessages -l de -l en --no-obsolete --ignore 'static/*'

# A CycloneDX software bill of materials of the installed dependencies.
sbom: install
	mkdir -p var
	$(BIN)/cyclonedx-py environment $(VENV) --output-format JSON --output-file var/sbom.cdx.json
	@echo "SBOM written to var/sbom.cdx.json"

# Statistics benchmark (bench/bench_stats.py) on the existing 100,000-client data sets, read only:
# SQLite in $(BENCH_VAR_DIR), PostgreSQL at $(BENCH_DATABASE_URL). `make bench-data` builds them:
# the clients and contacts with `lotse demo` on SQLite, then the same rows copied to PostgreSQL.
BENCH_VAR_DIR ?= /tmp/lotse-bench
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/lotse_bench
bench-data: install
	mkdir -p $(BENCH_VAR_DIR)
	LOTSE_DEBUG=1 LOTSE_VAR_DIR=$(BENCH_VAR_DIR) $(BIN)/lotse migrate -v0
	LOTSE_DEBUG=1 LOTSE_VAR_DIR=$(BENCH_VAR_DIR) $(BIN)/lotse demo --clients 100000 --contacts 1000000
	LOTSE_DEBUG=1 DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/sqlite_to_postgres.py $(BENCH_VAR_DIR)/lotse.sqlite3
# bench/scale_up.py tops both data sets up to realistic case loads (issue #20): 20,000 cases with
# plans, goals, reviews and closures, and 5,000,000 audit entries on verifiable chains (COPY on
# PostgreSQL, executemany on SQLite), then opens a generated client, case and audit trail through
# the app and verifies the chains (--check). Totals, not increments: a second run adds nothing.
# BENCH_SCALE_ARGS="--clients 1000000 --contacts 10000000" grows a PostgreSQL data set to 1M
# clients (docs/operations.md "Benchmark data").
BENCH_SCALE_ARGS ?=
bench-scale: install
	LOTSE_DEBUG=1 LOTSE_VAR_DIR=$(BENCH_VAR_DIR) $(BIN)/python bench/scale_up.py $(BENCH_SCALE_ARGS)
	LOTSE_DEBUG=1 LOTSE_VAR_DIR=$(BENCH_VAR_DIR) $(BIN)/python bench/scale_up.py --check
	LOTSE_DEBUG=1 DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/scale_up.py $(BENCH_SCALE_ARGS)
	LOTSE_DEBUG=1 DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/scale_up.py --check
# bench_audit_writes.py: audited writes, 8 writers, 1 chain vs. 8 chains (issue #20), in its own
# database next to $(BENCH_DATABASE_URL) (<name>_audit_writes, made afresh).
bench: install
	LOTSE_DEBUG=1 LOTSE_VAR_DIR=$(BENCH_VAR_DIR) $(BIN)/python bench/bench_stats.py
	LOTSE_DEBUG=1 DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/bench_stats.py
	LOTSE_DEBUG=1 LOTSE_VAR_DIR=$(BENCH_VAR_DIR) $(BIN)/python bench/bench_pages.py
	LOTSE_DEBUG=1 DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/bench_pages.py
	LOTSE_DEBUG=1 LOTSE_VAR_DIR=$(BENCH_VAR_DIR) $(BIN)/python bench/bench_import.py
	LOTSE_DEBUG=1 DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/bench_import.py
	LOTSE_DEBUG=1 DATABASE_URL=$(BENCH_DATABASE_URL) $(BIN)/python bench/bench_audit_writes.py

clean:
	rm -rf $(VENV) .tools var
