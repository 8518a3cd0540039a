# DecideIEEM developer commands. Every target creates/updates the virtual environment itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Browser tests (tests/browser): Debian's Chromium driven by Playwright, axe-core from npm.
CHROMIUM := /usr/bin/chromium
AXE      := web/node_modules/axe-core/axe.min.js
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test check lint types format venv bootstrap seed clean browser-deps

$(STAMP): pyproject.toml requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

$(AXE): web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --loglevel=error
	touch $(AXE)

browser-deps: $(CHROMIUM) $(AXE)

## Start the local stack (moto server, seeded data, chalice local, the web front) and print where to go.
run: venv
	$(BIN)/decide run

## The whole test suite: unit, integration (moto), end to end (the local stack over HTTP) and browser.
test: venv browser-deps
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
