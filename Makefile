# Two commands set up everything on a fresh machine: `make build` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
# Doorstop, which `make bench` compares the site build with, in a venv of its own: it is no
# dependency of ours, and its Markdown extensions never mix with the ones we measure.
DOORSTOP_VERSION := 3.2
DOORSTOP_VENV ?= .venv-doorstop
DOORSTOP := $(DOORSTOP_VENV)/.doorstop-$(DOORSTOP_VERSION)

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

bench: $(INSTALLED) $(DOORSTOP)
	$(BIN)/python benchmarks/run.py --doorstop $(DOORSTOP_VENV)/bin/doorstop

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstalls when the dependencies change; the package itself is installed editable.
$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $@

$(DOORSTOP):
	rm -rf $(DOORSTOP_VENV)
	$(PYTHON) -m venv $(DOORSTOP_VENV)
	$(DOORSTOP_VENV)/bin/python -m pip install --quiet doorstop==$(DOORSTOP_VERSION)
	touch $@

clean:
	rm -rf $(VENV) $(DOORSTOP_VENV) site .pytest_cache
