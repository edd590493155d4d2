"""Every dbt model, seed and test as Dagster assets and asset checks."""

import os

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.dbt.build_args import build_args
from orchestration.dbt.project import dbt_project, ensure_manifest
from orchestration.dbt.translator import OmnichannelDbtTranslator
from orchestration.raw.assets import WAREHOUSE_POOL
from orchestration.resources import WarehouseResource


@dbt_assets(
    manifest=ensure_manifest(),
    project=dbt_project,
    dagster_dbt_translator=OmnichannelDbtTranslator(),
    pool=WAREHOUSE_POOL,
)
def warehouse_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
):
    """`dbt build` of the selected models: runs each model, then its tests as asset checks.

    dbt runs as a subprocess that inherits this environment, so the resolved absolute paths are
    exported first: its profile then opens the very file ingestion wrote, whatever the working
    directory. Row counts are reported by the publish step, not fetched here: fetching opens
    DuckDB connections while dbt still holds the warehouse's single writer lock.
    """
    os.environ.update(warehouse.paths().as_env())
    yield from dbt.cli(build_args(), context=context).stream()
