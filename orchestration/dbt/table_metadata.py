"""Row counts and typed, described columns of the published models, for the Dagster catalog.

dagster-dbt's `fetch_row_counts()` / `fetch_column_metadata()` query through the dbt adapter and,
on DuckDB, hold every event of the run until dbt exits (dbt keeps the file's only write lock). The
dbt asset holds only the events from the first published model on and then reads everything here
in one read-only connection: the UI keeps its progress through staging, and the published models
get their row count, column types and column descriptions (the persisted dbt docs).
"""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from omnichannel_config import connect

PUBLISHED_SCHEMAS = ("marts", "kpi")


def is_published(key: dg.AssetKey | None) -> bool:
    """Models keyed `<schema>/<name>` in a schema the publisher copies."""
    return key is not None and len(key.path) == 2 and key.path[0] in PUBLISHED_SCHEMAS


def table_metadata(warehouse: Path, keys: list[dg.AssetKey]) -> dict[dg.AssetKey, dict]:
    """`dagster/row_count` and `dagster/column_schema` of each `<schema>/<table>` key found in
    the build file; keys whose table is missing (not built this run) are left out."""
    if not keys:
        return {}
    wanted = {(k.path[0], k.path[1]): k for k in keys}
    with connect(warehouse) as con:
        columns = con.execute(
            "select schema_name, table_name, column_name, data_type, comment from duckdb_columns() "
            "where database_name = current_database() and schema_name in (select unnest(?)) "
            "order by schema_name, table_name, column_index",
            [sorted({s for s, _ in wanted})],
        ).fetchall()
        by_table: dict[tuple[str, str], list[dg.TableColumn]] = {}
        for schema, table, name, data_type, comment in columns:
            if (schema, table) in wanted:
                by_table.setdefault((schema, table), []).append(
                    dg.TableColumn(name=name, type=data_type, description=comment)
                )
        metadata = {}
        for (schema, table), cols in by_table.items():
            rows = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
            # The keys dagster's TableMetadataSet writes (not exported under `dg`).
            metadata[wanted[(schema, table)]] = {
                "dagster/row_count": dg.MetadataValue.int(rows),
                "dagster/column_schema": dg.MetadataValue.table_schema(dg.TableSchema(columns=cols)),
            }
    return metadata
