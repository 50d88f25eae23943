# Two commands set everything up on a fresh machine with Python 3.11+, git and make:
#   make demo   create .venv, install trine, check the bundled example workspace
#   make test   the same set-up, then lint, the whole test suite, and trine checking itself

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.trine-installed
EXAMPLE := examples/slugkit

.PHONY: demo test lint bench clean

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
	$(BIN)/ruff check server tests

test: lint
	$(BIN)/python -m pytest -q
	@echo "--- trine check . (the project traces itself) and its sync lock"
	$(BIN)/trine check .
	$(BIN)/trine lock --check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
