# The two commands a newcomer needs (see README.md): `make site` and `make test`.
# Everything else here is what those two depend on.

VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site test lint browser-deps clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

## site: set up and build the example site into site/ (one folder per language)
site: $(STAMP)
	$(BIN)/marketsite build

## test: set up (Python packages, Debian chromium) and run lint and the whole test suite
test: $(STAMP) browser-deps lint
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests

# Browser tests drive Debian's chromium through Playwright; never `playwright install`.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium; }

clean:
	rm -rf site .cache
