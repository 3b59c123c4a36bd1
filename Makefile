# One place for the project's commands. `make demo` and `make test` are the README's quick start.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test soak check lint bench-queue bench-langcheck clean system-deps synapse

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dev]'
	touch $(STAMP)

## demo: install everything and open the app on the bundled demo conversations
demo: $(STAMP)
	$(BIN)/supportdesk --demo

## system-deps: Debian packages the tests drive (tmux, a private Dovecot with LMTP for the
## sending tests, openssl for its certificates); needs root, skipped otherwise
system-deps:
	@if [ "$$(id -u)" = 0 ] && { ! command -v tmux >/dev/null || [ ! -x /usr/sbin/dovecot ] \
		|| [ ! -x /usr/lib/dovecot/lmtp ] || ! command -v openssl >/dev/null; }; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		tmux dovecot-imapd dovecot-lmtpd openssl >/dev/null; fi

## synapse: install the Matrix tests' Synapse ahead of time (the tests do it on first use,
## about a minute, into ~/.cache/supportdesk-tests; tests/matrixserver.py)
synapse: $(STAMP)
	$(BIN)/python -c 'from tests.matrixserver import synapse_python; print(synapse_python())'

## test: install everything and run the whole test suite
test: $(STAMP) system-deps
	$(BIN)/python -m pytest

## soak: the reliability harnesses at full count (100+ kills, every hostile input; slow);
## prints the figures table and writes it to bench/out/reliability.json
soak: $(STAMP) system-deps
	SUPPORTDESK_FIGURES=bench/out/reliability.json $(BIN)/python -m pytest --soak -m "soak or reliability" tests/reliability

## check: format check, lint, types, import contracts, tests
check: $(STAMP)
	$(BIN)/ruff format --check supportdesk_tui tests bench
	$(BIN)/ruff check supportdesk_tui tests bench
	$(BIN)/mypy supportdesk_tui
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

bench-queue: $(STAMP)
	$(BIN)/python bench/bench_queue.py

bench-langcheck: $(STAMP)
	$(BIN)/python bench/bench_langcheck.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
