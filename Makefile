# Two commands set up everything on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: build test serve check schema lint bench clean

build: $(INSTALLED)
	$(BIN)/qinglian build .

test: $(INSTALLED)
	$(BIN)/python -m pytest -q

serve: $(INSTALLED)
	$(BIN)/qinglian serve .

check: $(INSTALLED)
	$(BIN)/qinglian check .

schema: $(INSTALLED)
	$(BIN)/qinglian schema -o schemas

lint: $(INSTALLED)
	$(BIN)/ruff check generator tests benchmarks

bench: $(INSTALLED)
	$(BIN)/python benchmarks/run.py

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstalls when the dependencies change; the package itself is installed editable.
$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $@

clean:
	rm -rf $(VENV) site .pytest_cache
