# DecideIEEM developer commands. Every target creates/updates the virtual environment itself.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Browser tests (tests/browser): Debian's Chromium driven by Playwright, axe-core from npm.
CHROMIUM := /usr/bin/chromium
AXE      := web/node_modules/axe-core/axe.min.js
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test check lint types contracts js-check format venv bootstrap seed clean browser-deps synth deploy bench bench-sizes

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

## The whole test suite: unit, integration (moto), end to end (the local stack over HTTP) and browser,
## on PYTEST_WORKERS processes (pytest-xdist; tests/conftest.py puts every local-stack test on one). Serial: `make test PYTEST_WORKERS=0`.
PYTEST_WORKERS ?= 2
test: venv browser-deps
	$(BIN)/pytest $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS)) $(PYTEST_ARGS)

## Benchmarks and the long resilience runs (bench/); writes docs/performance.md (~15 min).
## One step: `make bench ONLY=spike`; re-render only: `.venv/bin/python -m bench.run --render-only`.
BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python -m bench.run $(if $(ONLY),--only $(ONLY))

## The size tests at the issue's scale (issue 11): a 20,000-proposal open-data build and a 10,000-entry
## digest (each also runs in `make test` at 2,000). Long: tens of minutes on 2 cores.
bench-sizes: venv
	OPEN_DATA_TEST_PROPOSALS=20000 DIGEST_TEST_ENTRIES=10000 $(BIN)/pytest -q \
		tests/integration/test_open_data_export.py tests/integration/test_digest_paging.py

## Infrastructure (infrastructure/, docs/deploy.md). `make synth` needs no AWS account: it synthesizes
## every stage (or STAGE=dev|prod) into infrastructure/cdk.out, runs cdk-nag and cfn-lint.
AWS_REGION_DEFAULT := $(or $(AWS_DEFAULT_REGION),us-east-1)
CDK_CLI := npx --yes aws-cdk@2.1148.1
synth: venv
	cd infrastructure && AWS_DEFAULT_REGION=$(AWS_REGION_DEFAULT) ../$(BIN)/python main.py -c stage=$(or $(STAGE),all) -o cdk.out
	$(BIN)/cfn-lint infrastructure/cdk.out/*.template.json

## Deploy one stage with the CDK CLI (AWS credentials required):
##   make deploy STAGE=prod MAIL_DOMAIN=decide.ieem.org.mx MAIL_FROM_ADDRESS=avisos@decide.ieem.org.mx
deploy: venv
	@test -n "$(STAGE)" -a -n "$(MAIL_DOMAIN)" -a -n "$(MAIL_FROM_ADDRESS)" || \
	  { echo "usage: make deploy STAGE=dev|prod MAIL_DOMAIN=<SES domain> MAIL_FROM_ADDRESS=<from address>"; exit 2; }
	cd infrastructure && AWS_DEFAULT_REGION=$(AWS_REGION_DEFAULT) $(CDK_CLI) deploy $(STAGE) -c stage=$(STAGE) \
	  --parameters MailDomain=$(MAIL_DOMAIN) --parameters MailFromAddress=$(MAIL_FROM_ADDRESS) \
	  --require-approval broadening

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: venv
	$(BIN)/mypy .

## Import contracts (.importlinter): models pure, storage below services, boto3 only in adapters,
## deployed code never importing decide/, bench/ or tests/.
contracts: venv
	$(BIN)/lint-imports

## The web front's JavaScript, type-checked by TypeScript (web/jsconfig.json: checkJs, no emit).
js-check: $(AXE)
	cd web && npx --no-install tsc -p jsconfig.json

## Lint + types + contracts + JavaScript check + tests.
check: lint types contracts js-check test

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .local .pytest_cache .mypy_cache .ruff_cache
