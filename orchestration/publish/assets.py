"""The `published_warehouse` asset: write-audit-publish of marts and kpi for BI tools.

It depends on every marts/kpi model, so any blocking check on them (dbt tests with error severity,
great-expectations gates) that fails in the run stops it, and BI keeps the last good file.
"""

import dagster as dg

from omnichannel_config import connect
from orchestration.publish.publisher import PUBLISHED_SCHEMAS, publish
from orchestration.resources import WAREHOUSE_POOL, WarehouseResource

# Tables whose latest date says how current the published numbers are, in order of preference.
DATA_THROUGH_SOURCES = (("kpi", "kpi_daily", "date_day"), ("marts", "channel_daily", "date_day"))


def published_upstream(asset_keys: list[dg.AssetKey]) -> list[dg.AssetKey]:
    return sorted((k for k in asset_keys if k.path[0] in PUBLISHED_SCHEMAS), key=lambda k: k.path)


def checks_passed_in_run(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    records = instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records
    passed = []
    for record in records:
        evaluation = record.event_log_entry.dagster_event.event_specific_data
        if evaluation.passed:
            passed.append(f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}")
    return sorted(passed)


def data_through(warehouse_path):
    with connect(warehouse_path) as con:
        for schema, table, column in DATA_THROUGH_SOURCES:
            exists = con.execute(
                "select count(*) from information_schema.columns "
                "where table_schema = ? and table_name = ? and column_name = ?",
                [schema, table, column],
            ).fetchone()[0]
            if exists:
                return con.execute(f'select max("{column}") from "{schema}"."{table}"').fetchone()[0]
    return None


KPI_PREVIEW_SQL = """
    select date_day, paid_gmv, paid_gmv__status, conversion_rate, roi, refund_rate, stockout_sku_count
    from kpi.kpi_daily order by date_day desc limit 7
"""


def kpi_preview(published_path) -> str:
    """The last week of the daily scorecard as a Markdown table, for the asset's page in the UI."""
    import duckdb

    with connect(published_path) as con:
        try:
            frame = con.execute(KPI_PREVIEW_SQL).df()
        except duckdb.CatalogException:
            return "kpi.kpi_daily is not published yet"
    return frame.to_markdown(index=False, floatfmt=".4g")


def build_publish_asset(upstream: list[dg.AssetKey]) -> dg.AssetsDefinition:
    @dg.asset(
        key=dg.AssetKey(["published", "warehouse"]),
        group_name="publish",
        deps=upstream,
        kinds={"duckdb"},
        pool=WAREHOUSE_POOL,
        description=(
            "The read-only copy BI tools query: marts and kpi only (no raw or staging, so no "
            "personal data), swapped in atomically after every upstream gate passed."
        ),
    )
    def published_warehouse(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
        paths = warehouse.paths()
        through = data_through(paths.warehouse)
        checks = checks_passed_in_run(context.instance, context.run.run_id)
        publication = publish(
            build=paths.warehouse,
            published=paths.published,
            run_id=context.run.run_id,
            checks_passed=checks,
            data_through=through,
        )
        return dg.MaterializeResult(
            metadata={
                "path": dg.MetadataValue.path(str(publication.path)),
                "previous_version": dg.MetadataValue.path(str(publication.previous or "none")),
                "data_through": dg.MetadataValue.text(str(through)),
                "tables_published": dg.MetadataValue.int(len(publication.tables)),
                "rows_published": dg.MetadataValue.int(sum(publication.tables.values())),
                "checks_passed": dg.MetadataValue.int(len(checks)),
                # Table and column descriptions (dbt docs) BI tools show, copied from the build.
                "comments_published": dg.MetadataValue.int(publication.comments),
                "kpi_daily_preview": dg.MetadataValue.md(kpi_preview(publication.path)),
                "tables": dg.MetadataValue.md(
                    "\n".join(f"- `{name}`: {rows:,} rows" for name, rows in publication.tables.items())
                ),
            }
        )

    return published_warehouse
