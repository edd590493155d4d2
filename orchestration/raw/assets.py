"""One Dagster asset per raw table, all produced by a single subsettable ingestion step.

A single step matters: recognising a file means reading its header, so one pass over the landing
folder serves every selected table instead of one pass per table.
"""

import functools

import dagster as dg

from ingestion.templates import default_templates
from omnichannel_config import connect
from orchestration.resources import WAREHOUSE_POOL, WarehouseResource

RAW_GROUP = "raw"


def raw_asset_key(table: str) -> dg.AssetKey:
    return dg.AssetKey(["raw", table])


# Ingestion's manifest (raw._ingested_files): dbt reads it for marts.pipeline_coverage.
MANIFEST_TABLE = "_ingested_files"
MANIFEST_SPEC = dg.AssetSpec(
    key=raw_asset_key(MANIFEST_TABLE),
    group_name=RAW_GROUP,
    description="Ingestion's manifest: one row per file seen, with what it was recognised as, its status "
    "(loaded, duplicate, quarantined), rows read/loaded/rejected and the error of a quarantined file.",
    kinds={"duckdb"},
    skippable=True,
)


@functools.cache
def raw_tables() -> dict[str, str]:
    """Raw table name -> description, from the template registry."""
    tables: dict[str, str] = {}
    for template in default_templates():
        tables.setdefault(template.table, template.description)
    return dict(sorted(tables.items()))


def _spec(table: str, description: str) -> dg.AssetSpec:
    platform, export_type = table.split("__", 1)
    return dg.AssetSpec(
        key=raw_asset_key(table),
        group_name=RAW_GROUP,
        description=f"Every {platform} {export_type} export as text with lineage. {description}",
        kinds={"duckdb"},
        tags={"platform": platform, "export_type": export_type},
        skippable=True,
    )


@dg.multi_asset(
    name="ingest_landing_files",
    specs=[*(_spec(t, d) for t, d in raw_tables().items()), MANIFEST_SPEC],
    can_subset=True,
    pool=WAREHOUSE_POOL,
)
def ingest_landing_files(context: dg.AssetExecutionContext, warehouse: WarehouseResource):
    """Load new landing files into their raw tables; already-loaded bytes are skipped."""
    from ingestion.load import ingest

    paths = warehouse.paths()
    selected = {key.path[-1] for key in context.selected_asset_keys} - {MANIFEST_TABLE}
    report = ingest(
        landing=paths.landing_dir,
        warehouse=paths.warehouse,
        quarantine=paths.quarantine_dir,
        # Every table selected is an unfiltered run: only then is a file that no template
        # recognises quarantined (a filtered run leaves it for a run that asks for its table).
        tables=None if selected >= set(raw_tables()) else selected,
    )
    for table in sorted(selected):
        files = [f for f in report.files if f.table == table]
        yield dg.MaterializeResult(
            asset_key=raw_asset_key(table),
            metadata=_table_metadata(files, paths.warehouse, table),
        )
    if MANIFEST_SPEC.key in context.selected_asset_keys:
        yield dg.MaterializeResult(
            asset_key=MANIFEST_SPEC.key,
            metadata={
                "files_seen_this_run": dg.MetadataValue.int(len(report.files)),
                "dagster/row_count": dg.MetadataValue.int(_row_count(paths.warehouse, MANIFEST_TABLE)),
            },
        )
    quarantined = [f for f in report.files if f.status == "quarantined"]
    if quarantined:
        context.log.warning(
            "%d file(s) quarantined in %s: %s",
            len(quarantined),
            paths.quarantine_dir,
            "; ".join(f"{f.path}: {f.error}" for f in quarantined[:10]),
        )


def _table_metadata(files, warehouse_path, table: str) -> dict[str, dg.MetadataValue]:
    loaded = [f for f in files if f.status == "loaded"]
    return {
        "files_loaded": dg.MetadataValue.int(len(loaded)),
        "files_skipped_as_duplicates": dg.MetadataValue.int(sum(1 for f in files if f.status == "duplicate")),
        "rows_loaded": dg.MetadataValue.int(sum(f.rows_loaded for f in loaded)),
        "rows_rejected": dg.MetadataValue.int(sum(f.rows_rejected for f in loaded)),
        "new_files": dg.MetadataValue.md(
            "\n".join(f"- `{f.path}` ({f.rows_loaded} rows)" for f in loaded[:50]) or "none"
        ),
        "dagster/row_count": dg.MetadataValue.int(_row_count(warehouse_path, table)),
    }


def _row_count(warehouse_path, table: str) -> int:
    with connect(warehouse_path) as con:
        found = con.execute(
            "select count(*) from information_schema.tables where table_schema = 'raw' and table_name = ?",
            [table],
        ).fetchone()[0]
        return con.execute(f'select count(*) from raw."{table}"').fetchone()[0] if found else 0
