"""Every dbt model, seed and test as Dagster assets and asset checks."""

import dagster as dg
from dagster_dbt import DbtCliResource, dbt_assets

from omnichannel_config import exported
from orchestration.dbt.build_args import build_args
from orchestration.dbt.project import dbt_project, manifest_for_definitions, prune_run_targets, run_target
from orchestration.dbt.table_metadata import is_published, table_metadata
from orchestration.dbt.translator import OmnichannelDbtTranslator
from orchestration.quality import coverage
from orchestration.resources import WAREHOUSE_POOL, WarehouseResource

# The asset whose materialization carries the coverage of the exports, read after dbt exits (DuckDB
# lets no reader in while dbt holds the build file). It is a published model, so its events are
# among the held ones (see warehouse_dbt_models).
COVERAGE_ASSETS = {dg.AssetKey(["marts", "pipeline_coverage"])}
# dbt's per-node lines go to the run's log file (dagster-dbt echoes them to stdout, which
# `omnichannel run` sends there) and to dbt's own log under target/: plain text, no colour codes.
DBT_LOG_FLAGS = ["--no-use-colors", "--no-use-colors-file"]


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
    wrote, whatever the working directory.

    The published models (marts, kpi) get row counts and typed, described columns, and the
    coverage asset its coverage, read from the build file once dbt has exited: dbt holds the
    file's only write lock while it runs. Events stream as dbt emits them until the first
    published model's; that one and every later one wait (a multi-asset must yield its assets in
    topological order, and kpi_*_actuals, outside marts/kpi, follow marts). On the tiny build
    the reading adds 0.2-0.7 s; dagster-dbt's fetch_row_counts().fetch_column_metadata(), which
    queries every model through the dbt adapter, added ~20 s to a ~25 s dbt run (~90 s with
    column lineage).
    """
    settings = warehouse.settings()
    paths = settings.paths
    prune_run_targets(context.op_def.name)
    target = run_target(context.op_def.name, context.run.run_id)
    with exported(settings.dbt_env()):  # the dbt subprocess copies the environment when it starts
        invocation = dbt.cli([*build_args(settings.dbt), *DBT_LOG_FLAGS], context=context, target_path=target)
    held: list = []
    try:
        for event in invocation.stream():
            if held or is_published(_asset_key(context, event)):
                held.append(event)
            else:
                yield event
    except Exception:
        # dbt failed (a model, or a blocking test): the held results, failed checks among them,
        # still belong in the run's record.
        yield from _release(context, held, paths)
        raise
    yield from _release(context, held, paths)


def _release(context: dg.AssetExecutionContext, held: list, paths):
    """The held events, each Output of a published model with its table metadata (and the
    coverage asset's with the coverage). Metadata is best-effort: a failure to read it is logged
    and never loses an event."""
    outputs = {_asset_key(context, e): e for e in held if isinstance(e, dg.Output)}
    extra: dict = {}
    try:
        extra = table_metadata(paths.warehouse, [k for k in outputs if is_published(k)])
    except Exception as error:  # metadata must not cost the run its results
        context.log.warning(f"row counts and column metadata not attached: {error}")
    for key in COVERAGE_ASSETS & outputs.keys():
        table = coverage.read_coverage(paths.warehouse)
        cover = _coverage_metadata(table, paths.reports_dir) if table is not None else {}
        extra[key] = {**extra.get(key, {}), **cover}
    for event in held:
        key = _asset_key(context, event)
        if isinstance(event, dg.Output) and extra.get(key):
            event = event.with_metadata({**event.metadata, **extra[key]})
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
