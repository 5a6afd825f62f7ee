# Two commands for users: `make run` and `make test`. Both set themselves up (a .venv with the
# project installed) and are quick when already set up: the install re-runs only when
# pyproject.toml changes.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STORE ?= var/store

.PHONY: run test bench lint build clean help

help:
	@echo "make run    set up, build the seed store if missing, serve http://127.0.0.1:8000"
	@echo "make test   set up with the test extras and run the whole test suite"
	@echo "make lint   ruff over the project"
	@echo "make bench  run the benchmarks in bench/ (builds filler stores under var/bench once)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

build: $(VENV)/.installed
	$(BIN)/policygraph build --store $(STORE) --if-missing

run: build
	$(BIN)/policygraph serve --store $(STORE) --host 127.0.0.1 --port 8000

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest

# Benchmarks are measured here, never asserted in tests. Each script prints its own table.
bench: $(VENV)/.installed-test
	$(BIN)/python bench/ingest.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check graph server tests
	$(BIN)/ruff format --check graph server tests

clean:
	rm -rf $(VENV) var .pytest_cache
