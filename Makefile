# The README's two commands: `make run` and `make test`. Both start from a plain Python 3.11+.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: run test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Installs hechtingnlp (not editable, as a user would) and scores the bundled example diary.
run: $(BIN)/python
	$(BIN)/python -m pip install --quiet .
	$(BIN)/hechtingnlp score examples/dagboek-dayone.zip examples/dagboek.csv -o examples-scored.jsonl

# Installs the dev extra and runs the whole test suite.
test: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build dist src/*.egg-info examples-scored.jsonl
