# ChainChief: `make run` serves the demo city, `make test` runs the whole suite.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
CC := $(VENV)/bin/chainchief
PORT ?= 8000
export PORT

.DEFAULT_GOAL := help
.PHONY: help setup run serve worker tick demo test test-sqlite test-postgres e2e lint format bench clean

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

build/vendor/.installed: node_modules/.installed
	mkdir -p build/vendor
	cp node_modules/htmx.org/dist/htmx.min.js node_modules/echarts/dist/echarts.min.js build/vendor/
	touch $@

setup: $(VENV)/.installed build/vendor/.installed ## Create .venv, install the package and the front-end libraries

run: setup ## Set up, migrate, load the demo city on first run, serve http://127.0.0.1:$(PORT) with a job worker
	$(CC) migrate --noinput -v 0
	$(CC) demo --if-empty
	$(CC) collectstatic --noinput -v 0
	$(CC) serve --port $(PORT)

worker: setup ## Run a background-job worker alone (beside `chainchief serve --no-jobs-worker`)
	$(CC) migrate --noinput -v 0
	$(CC) worker --no-reload

tick: setup ## Run the nightly ticks now (each registered tick once, in the foreground)
	$(CC) tick

demo: setup ## Rebuild the demo city from scratch (deletes all city data; keeps superusers and the national graph)
	$(CC) migrate --noinput -v 0
	$(CC) demo --reset --noinput

test: setup ## The whole suite: SQLite (then the browser tests) beside PostgreSQL when DATABASE_URL is set
	@if [ -n "$$DATABASE_URL" ]; then VENV=$(VENV) bash .ci/test-suites; \
	else echo "DATABASE_URL is not set: the PostgreSQL run is skipped (.ci/run sets it)"; \
	$(MAKE) --no-print-directory test-sqlite; fi

test-sqlite: setup ## The suite on SQLite, then the browser tests (one after the other)
	env -u DATABASE_URL $(VENV)/bin/pytest -m "not e2e"
	# The browser tests flush the database between tests; they get a fresh one of their own.
	env -u DATABASE_URL $(VENV)/bin/pytest -m e2e

test-postgres: setup ## The suite on PostgreSQL at DATABASE_URL (without the browser tests)
	$(VENV)/bin/pytest -m "not e2e"

e2e: setup ## Run only the real-browser tests (headless Chromium)
	env -u DATABASE_URL $(VENV)/bin/pytest -m e2e

lint: setup ## ruff format check and lint
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/ruff check src tests benchmarks

format: setup ## ruff format and fix
	$(VENV)/bin/ruff format src tests benchmarks
	$(VENV)/bin/ruff check --fix src tests benchmarks

bench: setup ## Benchmarks on generated cities and the full national graph; prints figures (BENCH_ARGS=--quick)
	$(PY) benchmarks/run.py $(BENCH_ARGS)

clean: ## Remove the virtualenv, node_modules and build output (keeps the data folder)
	rm -rf $(VENV) node_modules build
