# Task runner for SHV Dashboard. Needs only make, bash and Python 3.11.
#   make run    set up .venv, load the sample exports once, start the dashboard
#   make test   the whole test suite (on SQLite, and on PostgreSQL when reachable)
# Run `make help` for the other targets.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP := $(BIN)/python -m pip --disable-pip-version-check
PORT ?= 8501
HOST ?= localhost
ARGS ?=

.PHONY: help venv setup run test lint bench e2e postgres clean

help:
	@echo "make run      set up, import the sample exports (first time only), start the dashboard"
	@echo "              on http://$(HOST):$(PORT) (change with PORT=... HOST=...)"
	@echo "make test     run the whole test suite (extra pytest arguments: ARGS='-k store -x')"
	@echo "make lint     ruff check"
	@echo "make bench    run every bench/bench_*.py"
	@echo "make e2e      end-to-end tests in a headless browser (pytest -m e2e)"
	@echo "make postgres install and start a local PostgreSQL for the tests (as root or with sudo)"
	@echo "make venv     only create .venv and install requirements-dev.txt"
	@echo "make clean    remove .venv and caches (keeps data/)"

venv setup: $(STAMP)

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "python3.11 (or python3) not found" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "$(PYTHON) is older than Python 3.11" >&2; exit 1; }
	@echo "Creating $(VENV) with $(PYTHON)"
	$(PYTHON) -m venv --clear $(VENV)

# Re-install whenever a requirements file is newer than the stamp.
$(STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	@echo "Installing requirements-dev.txt into $(VENV)"
	$(PIP) install -q -r requirements-dev.txt
	@touch $@

run: $(STAMP)
	$(BIN)/python -m connectors seed-samples
	$(BIN)/streamlit run dashboard.py --server.headless=true \
		--server.port=$(PORT) --server.address=$(HOST)

test: $(STAMP)
	$(BIN)/python -m pytest $(ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

bench: $(STAMP)
	@if [ -f requirements-bench.txt ]; then $(PIP) install -q -r requirements-bench.txt; fi
	@shopt -s nullglob; benches=(bench/bench_*.py); \
	if [ $${#benches[@]} -eq 0 ]; then echo "No benchmarks in bench/"; exit 0; fi; \
	for b in "$${benches[@]}"; do echo "== $$b"; $(BIN)/python "$$b"; done

# pytest exits 5 when it selects no test: no e2e test written yet is not a failure here.
e2e: $(STAMP)
	@status=0; $(BIN)/python -m pytest -m e2e $(ARGS) || status=$$?; \
	if [ $$status -eq 5 ]; then echo "No end-to-end tests yet"; exit 0; fi; exit $$status

postgres:
	bash .ci/apt.sh postgresql
	bash .ci/postgres.sh

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis test-artifacts bench/out
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
