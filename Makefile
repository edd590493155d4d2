# The two commands a fresh machine needs: `make demo` and `make test` (see README).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha1sum | cut -c1-12)

export OMNI_DATA_DIR ?= $(CURDIR)/data
export DAGSTER_HOME ?= $(CURDIR)/data/dagster_home
DEMO_SEED ?= 20261122

.PHONY: install demo test dev simulate ingest dbt-build lint format bench clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

## demo: install, simulate a year of exports, materialize every asset, print where the warehouses are
demo: $(STAMP)
	$(BIN)/omnichannel simulate --scale demo --seed $(DEMO_SEED) \
		--out $(OMNI_DATA_DIR)/landing --answer-key $(OMNI_DATA_DIR)/answer_key
	$(BIN)/omnichannel run

## test: install with dev extras, lint (see `lint`), then run the whole test suite
test: lint
	$(BIN)/python -m pytest -n 2 --dist loadgroup

## dev: the Dagster UI with every asset loaded
dev: $(STAMP)
	@mkdir -p $(DAGSTER_HOME)
	$(BIN)/dagster dev -w workspace.yaml

simulate: $(STAMP)
	$(BIN)/omnichannel simulate --scale tiny --seed $(DEMO_SEED) \
		--out $(OMNI_DATA_DIR)/landing --answer-key $(OMNI_DATA_DIR)/answer_key

ingest: $(STAMP)
	$(BIN)/omnichannel ingest

## dbt-build: dbt build (models, seeds, tests) on the warehouse alone, outside Dagster
dbt-build: $(STAMP)
	$(BIN)/omnichannel dbt build

## lint: ruff (checks and formatting) on the Python, SQLFluff on the dbt project (.sqlfluff)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/sqlfluff lint dbt_project --processes 2

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# make bench BENCH_ARGS="--scale demo" for a shorter run; see benchmarks/results/README.md
bench: $(STAMP)
	$(BIN)/omnichannel bench $(BENCH_ARGS)

clean:
	rm -rf $(OMNI_DATA_DIR)/landing $(OMNI_DATA_DIR)/warehouse $(OMNI_DATA_DIR)/published \
		$(OMNI_DATA_DIR)/quarantine $(OMNI_DATA_DIR)/answer_key $(OMNI_DATA_DIR)/dbt dbt_project/target
