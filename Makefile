# Packetdesk: `make run` starts the app on the demo database; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench bench-serve clean-demo scripts test-deps

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

# The serve tests use OpenSSH's client and Debian's Chromium (never a downloaded browser build);
# installed once when missing.
test-deps:
	@test -x /usr/bin/chromium && command -v ssh >/dev/null || { \
		echo "Installing Debian's chromium and openssh-client for the serve tests ..."; \
		SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium openssh-client >/dev/null; }

# Two workers per core: many tests wait (a pty, SSH, a core call in a thread), and another worker's test
# uses the core meanwhile (Pilot keys no longer wait on time: tests/helpers/keys.py).
# Before that, on 2 cores, warm: 4 workers 8 min 27 s for `make test`, 3 workers 9 min 2 s of pytest.
TEST_WORKERS ?= $(shell echo $$(( $$(nproc) * 2 )))

test: $(STAMP) lint test-deps
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist worksteal --durations=15

scripts: $(STAMP)
	$(BIN)/packetdesk script tests/scripts/*.pds

bench: $(STAMP)
	$(BIN)/python -m bench

# Serving: start-up pre-forked vs cold, memory per idle session, keystroke echo over SSH under load.
bench-serve: $(STAMP)
	$(BIN)/python -m bench.serve

clean-demo:
	rm -rf var/demo
