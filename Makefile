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
	@echo "installing the project into $(VENV) (pip's output: $(VENV)/install.log)"
	@# pip's build warnings run to ~60 lines: kept in the log, shown only when the install fails
	@{ $(BIN)/python -m pip install --quiet --upgrade pip && $(BIN)/python -m pip install --quiet -e '.[dev]'; } \
		> $(VENV)/install.log 2>&1 || { cat $(VENV)/install.log; exit 1; }
	@rm -f $(VENV)/.installed-* && touch $@

install: $(STAMP)

## demo: install, simulate a year of exports, materialize every asset, say what to open next
demo: $(STAMP)
	$(BIN)/omnichannel simulate --scale demo --seed $(DEMO_SEED) \
		--out $(OMNI_DATA_DIR)/landing --answer-key $(OMNI_DATA_DIR)/answer_key
	$(BIN)/omnichannel run
	@echo "下一步 Next:"
	@echo "  make dev            打开 Dagster UI (http://127.0.0.1:3000): 资产、检查和这次运行 / assets, checks and this run"
	@echo "  BI 工具 BI tools     只读连接上面的 published 文件 / connect read-only to the published file above"
	@echo "  浏览器 browser       打开上面的质量报告和覆盖率页面 / open the quality report and coverage pages above"
	@echo "  $(BIN)/omnichannel doctor  检查设置和文件 / check the settings and files"

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
	@$(BIN)/python -c 'import dlt' 2>/dev/null || $(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/omnichannel bench $(BENCH_ARGS)

clean:
	rm -rf $(OMNI_DATA_DIR)/landing $(OMNI_DATA_DIR)/warehouse $(OMNI_DATA_DIR)/published \
		$(OMNI_DATA_DIR)/quarantine $(OMNI_DATA_DIR)/answer_key $(OMNI_DATA_DIR)/dbt dbt_project/target
