"""Every dbt model, seed and test as Dagster assets and asset checks."""

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from omnichannel_config import exported
from orchestration.dbt.build_args import build_args
from orchestration.dbt.project import dbt_project, manifest_for_definitions, prune_run_targets, run_target
from orchestration.dbt.translator import OmnichannelDbtTranslator
from orchestration.quality import coverage
from orchestration.resources import WAREHOUSE_POOL, WarehouseResource

# The asset whose materialization carries the coverage of the exports. Its events are yielded after
# dbt exits (DuckDB lets no reader in while dbt holds the build file); it must be a leaf of the dbt
# graph, since a multi-asset yields its assets in topological order.
COVERAGE_ASSETS = {dg.AssetKey(["marts", "pipeline_coverage"])}


@dbt_assets(
    manifest=manifest_for_definitions(),
    project=dbt_project(),
    dagster_dbt_translator=OmnichannelDbtTranslator(),
    pool=WAREHOUSE_POOL,
)
def warehouse_dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
):
    """`dbt build` of the selected models: runs each model, then its tests as asset checks.

    dbt runs as a subprocess; its profile reads what the warehouse resource's settings export
    (`Settings.dbt_env()`), set for the moment dbt starts: it then opens the very file ingestion
    wrote, whatever the working directory. Row counts are reported by the publish step, not
    fetched here: fetching opens DuckDB connections while dbt still holds the warehouse's single
    writer lock. For the same
    reason the coverage assets' events wait until dbt has exited, and then carry the coverage.
    """
    settings = warehouse.settings()
    paths = settings.paths
    prune_run_targets(context.op_def.name)
    held: list = []
    target = run_target(context.op_def.name, context.run.run_id)
    with exported(settings.dbt_env()):  # the dbt subprocess copies the environment when it starts
        invocation = dbt.cli(build_args(settings.dbt), context=context, target_path=target)
    for event in invocation.stream():
        if _asset_key(context, event) in COVERAGE_ASSETS:
            held.append(event)
        else:
            yield event
    if not held:
        return
    table = coverage.read_coverage(paths.warehouse)
    extra = _coverage_metadata(table, paths.reports_dir) if table is not None else {}
    for event in held:
        if isinstance(event, dg.Output):
            event = event.with_metadata({**event.metadata, **extra})
        yield event


def _asset_key(context: dg.AssetExecutionContext, event) -> dg.AssetKey | None:
    if isinstance(event, dg.Output):
        return context.asset_key_for_output(event.output_name)
    return getattr(event, "asset_key", None)


def _coverage_metadata(table, reports_dir) -> dict[str, dg.MetadataValue]:
    report = coverage.write_report(table, reports_dir)
    status = table["coverage_status"]
    summary = "\n".join(f"- {line}" for line in coverage.summary_lines(table))
    return {
        "coverage": dg.MetadataValue.md(coverage.coverage_markdown(table)),
        "coverage_summary": dg.MetadataValue.md(summary),
        "coverage_report": dg.MetadataValue.path(str(report)),
        "exports_complete": dg.MetadataValue.int(int((status == "complete").sum())),
        "exports_without_files": dg.MetadataValue.int(int((status == "no_files").sum())),
        "exports_losing_orders": dg.MetadataValue.int(int((status == "orders_lost").sum())),
    }
