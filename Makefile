# Packetdesk: `make run` starts the app on the demo database; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean-demo scripts

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# The demo database lives in the checkout (var/demo); PACKETDESK_HOME overrides it.
DEMO_HOME ?= $(CURDIR)/var/demo

run: $(STAMP)
	PACKETDESK_HOME=$${PACKETDESK_HOME:-$(DEMO_HOME)} $(BIN)/packetdesk --demo

lint: $(STAMP)
	$(BIN)/ruff check core tui tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

test: $(STAMP) lint
	$(BIN)/python -m pytest -q

scripts: $(STAMP)
	$(BIN)/packetdesk script tests/scripts/*.pds

bench: $(STAMP)
	$(BIN)/python -m bench

clean-demo:
	rm -rf var/demo
