# Two commands set everything up on a fresh machine with Python 3.11+, git and make:
#   make demo   create .venv, install trine, check the bundled example workspace
#   make test   the same set-up, then lint, the VS Code extension build, the whole test suite
#               (Neovim and Helix included), and trine checking itself and its sync lock

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.trine-installed
EXAMPLE := examples/slugkit

VSCODE := editors/vscode

.PHONY: demo test lint docs vscode vscode-e2e bench soak clean

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
# only where they cannot be installed. One retry: a browser-driven run can time out on a busy
# machine, and a real failure fails twice.
vscode-e2e: $(STAMP) vscode
	$(VSCODE)/e2e/run.sh || { echo "vscode e2e: retrying once"; $(VSCODE)/e2e/run.sh; }

test: lint vscode vscode-e2e
	$(BIN)/python -m pytest -q
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
	rm -rf $(VENV) .pytest_cache .ruff_cache $(VSCODE)/node_modules $(VSCODE)/dist $(VSCODE)/*.vsix \
	  $(VSCODE)/.e2e-tools
