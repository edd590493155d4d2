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
    """`dbt build` of the selected models: runs each model, then its tests as asset checks."""
    yield from dbt.cli(["build"], context=context).stream().fetch_row_counts()
