"""Every dbt model, seed and test as Dagster assets and asset checks."""

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from orchestration.dbt.project import dbt_project, ensure_manifest
from orchestration.dbt.translator import OmnichannelDbtTranslator
from orchestration.raw.assets import WAREHOUSE_POOL


@dbt_assets(
    manifest=ensure_manifest(),
    project=dbt_project,
    dagster_dbt_translator=OmnichannelDbtTranslator(),
    pool=WAREHOUSE_POOL,
)
def warehouse_dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource):
    """`dbt build` of the selected models: runs each model, then its tests as asset checks.

    Row counts are reported by the publish step, not fetched here: fetching opens DuckDB connections
    while dbt still holds the warehouse's single writer lock.
    """
    yield from dbt.cli(["build"], context=context).stream()
