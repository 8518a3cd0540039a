# DecideIEEM developer commands. Every target creates/updates the virtual environment itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test check lint types format venv bootstrap seed clean

$(STAMP): pyproject.toml requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

## Start the local stack (moto server, seeded data, chalice local) and print where to go.
run: venv
	$(BIN)/decide run

## The whole test suite: unit, integration (moto) and end to end (the local stack over HTTP).
test: venv
	$(BIN)/pytest

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: venv
	$(BIN)/mypy .

## Lint + types + tests.
check: lint types test

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .local .pytest_cache .mypy_cache .ruff_cache
