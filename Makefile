# Two commands set everything up on a fresh machine with Python 3.11+, git and make:
#   make demo   create .venv, install trine, check the bundled example workspace
#   make test   the same set-up, then `make check`, the VS Code extension build and end-to-end
#               run, the rest of the test suite (Neovim and Helix included), and trine checking
#               itself and its sync lock
# The inner loop while editing (well under a minute):
#   make check  ruff (lint and format), mypy --strict on the typed layers, the unit tests

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.trine-installed
EXAMPLE := examples/slugkit

VSCODE := editors/vscode
# mypy --strict (pyproject's [tool.mypy]) covers these; session.py once it exists.
TYPED := server/trine/parsers server/trine/index server/trine/analysis server/trine/ide \
  $(wildcard server/trine/session.py)
# The fast in-process tests `make check` runs; `make test` runs the rest of tests/ after it.
FAST_TESTS := tests/unit

.PHONY: demo check test lint types docs vscode vscode-e2e bench soak clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "trine needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	@echo "--- trine check $(EXAMPLE)  (the example has deliberate findings; exit 1 is expected)"
	@$(BIN)/trine check $(EXAMPLE); status=$$?; \
	  if [ $$status -gt 1 ]; then echo "trine failed with exit $$status"; exit $$status; fi

lint: $(STAMP)
	$(BIN)/ruff check server tests bench
	$(BIN)/ruff format --check server tests bench

types: $(STAMP)
	$(BIN)/mypy $(TYPED)

check: lint types
	$(BIN)/python -m pytest -q $(FAST_TESTS)

# The files generated from the rule records (server/trine/analysis/rules/): docs/rules/*.md, the
# rules table in README.md, the rule codes in docs/configuration.md and the VS Code extension's
# rule list and severity settings. A test fails when one is out of date.
docs: $(STAMP)
	$(BIN)/python -m trine.ruledocs .

# The extension is built from a clean `npm ci` (type check, bundle, .vsix); needs node and npm.
vscode:
	cd $(VSCODE) && npm ci --no-audit --no-fund --loglevel=error && npm test && npm run package

# The extension in a real VS Code (code-server + Debian's headless Chromium), its tools set up
# once from npm and Debian into editors/vscode/.e2e-tools; skipped with "vscode e2e: SKIP: ..."
# only where they cannot be installed. No retry: it passed six runs out of six, from a fresh
# tools folder and with the load average at 4 to 8 on 2 cores (the driver waits for the UI
# itself), so a failure is worth reading, not retrying.
vscode-e2e: $(STAMP) vscode
	$(VSCODE)/e2e/run.sh

test: check vscode vscode-e2e
	$(BIN)/python -m pytest -q $(addprefix --ignore=,$(FAST_TESTS))
	@echo "--- trine check . (the project traces itself) and its sync lock"
	$(BIN)/trine check .
	$(BIN)/trine lock --check .

# Benchmarks (never part of make test): ratios against the parsing floor at ~1k, 5k and 20k
# files; writes bench/results.json and docs/performance.md. About 12 minutes on 2 cores.
bench: $(STAMP)
	$(BIN)/python bench/run.py

# Soak (never part of make test): thousands of edits, hovers and completions against one server
# on a generated 1k-file workspace, memory and latency compared first window against last, then
# the fuzz tests with TRINE_FUZZ=long; writes bench/soak.json and the figures in
# docs/reliability.md. About 5 minutes on 2 cores.
soak: $(STAMP)
	$(BIN)/python bench/soak.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache $(VSCODE)/node_modules $(VSCODE)/dist $(VSCODE)/*.vsix \
	  $(VSCODE)/.e2e-tools
