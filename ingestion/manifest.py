"""Bookkeeping tables in schema `raw`: the manifest of files seen, rejected rows and dropped totals.

The manifest makes ingestion idempotent: a file is identified by the SHA-256 of its bytes, so the same
bytes under any name load once, while a re-export with different bytes loads in full.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import duckdb

from ingestion.cleanup import quote_ident
from ingestion.templates import Template

MANIFEST = "raw._ingested_files"
REJECTED = "raw._rejected_rows"
TOTALS = "raw._total_rows"
# Size and modification time of each landing file when its bytes were hashed: a file still
# showing both is not read again (the daily run would otherwise re-hash the whole history).
FINGERPRINTS = "raw._file_fingerprints"

LINEAGE_COLUMNS: list[tuple[str, str]] = [
    ("_source_file", "VARCHAR"),
    ("_file_sha256", "VARCHAR"),
    ("_sheet", "VARCHAR"),
    ("_row_number", "BIGINT"),
    ("_template", "VARCHAR"),
    ("_header_version", "VARCHAR"),
    ("_loaded_at", "TIMESTAMPTZ"),
]

BOOKKEEPING_DDL = f"""
CREATE SCHEMA IF NOT EXISTS raw;
CREATE TABLE IF NOT EXISTS {MANIFEST} (
    path VARCHAR,             -- relative to the landing folder, as found
    sha256 VARCHAR,
    size BIGINT,
    platform VARCHAR,
    export_type VARCHAR,
    template VARCHAR,
    raw_table VARCHAR,
    file_type VARCHAR,        -- csv / xlsx / xls / html / zip, sniffed from the bytes
    rows_read BIGINT,         -- = rows_loaded + rows_rejected; total rows are counted apart
    rows_loaded BIGINT,
    rows_rejected BIGINT,
    total_rows_dropped BIGINT,
    status VARCHAR,           -- loaded / duplicate / quarantined
    error VARCHAR,
    started_at TIMESTAMPTZ,
    finished_at TIMESTAMPTZ,
    unmapped_headers VARCHAR[],
    quarantined_to VARCHAR
);
CREATE TABLE IF NOT EXISTS {REJECTED} (
    _source_file VARCHAR,
    _file_sha256 VARCHAR,
    _sheet VARCHAR,
    _row_number BIGINT,
    _template VARCHAR,
    raw_text VARCHAR,
    reason VARCHAR
);
CREATE TABLE IF NOT EXISTS {FINGERPRINTS} (
    path VARCHAR,             -- relative to the landing folder
    size BIGINT,
    mtime_ns BIGINT,          -- modification time when the file was hashed
    sha256 VARCHAR
);
CREATE TABLE IF NOT EXISTS {TOTALS} (
    _source_file VARCHAR,
    _file_sha256 VARCHAR,
    _sheet VARCHAR,
    _row_number BIGINT,
    _template VARCHAR,
    raw_text VARCHAR,
    "values" VARCHAR          -- JSON object: canonical column → cell text
);
"""


@dataclass
class ManifestRow:
    path: str
    sha256: str
    size: int
    status: str
    started_at: dt.datetime
    finished_at: dt.datetime
    platform: str | None = None
    export_type: str | None = None
    template: str | None = None
    raw_table: str | None = None
    file_type: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    total_rows_dropped: int = 0
    error: str | None = None
    unmapped_headers: tuple[str, ...] = ()
    quarantined_to: str | None = None


def ensure_bookkeeping(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(BOOKKEEPING_DDL)


def raw_table_columns(templates: Iterable[Template]) -> list[tuple[str, str]]:
    """Lineage, then `_file_<group>` for every file field, then every canonical column of every
    version, in first-seen order: one table holds all versions of an export."""
    file_cols: list[str] = []
    cols: list[str] = []
    for t in templates:
        for group in t.file_fields:
            if f"_file_{group}" not in file_cols:
                file_cols.append(f"_file_{group}")
        for c in t.columns:
            if c.column not in cols:
                cols.append(c.column)
    return LINEAGE_COLUMNS + [(c, "VARCHAR") for c in file_cols] + [(c, "VARCHAR") for c in cols]


def existing_columns(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """Columns of every table in schema raw, in one catalog query."""
    out: dict[str, set[str]] = {}
    for table, column in con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() WHERE schema_name = 'raw'"
    ).fetchall():
        out.setdefault(table, set()).add(column)
    return out


def ensure_raw_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    templates: list[Template],
    have: set[str] | None = None,
) -> None:
    """Create `raw.<table>` or add the columns a newer template version brings."""
    wanted = raw_table_columns(templates)
    if have is None:
        have = existing_columns(con).get(table, set())
    target = f"raw.{quote_ident(table)}"
    if not have:
        cols = ", ".join(f"{quote_ident(n)} {t}" for n, t in wanted)
        con.execute(f"CREATE TABLE IF NOT EXISTS {target} ({cols})")
        return
    for name, sql_type in wanted:
        if name not in have:
            con.execute(f"ALTER TABLE {target} ADD COLUMN {quote_ident(name)} {sql_type}")


def known_files(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, str], set[tuple[str, str]]]:
    """sha256 → path of the file that loaded those bytes; and every (path, sha256) recorded as
    loaded or duplicate (a file seen before under the same name is not recorded again)."""
    loaded: dict[str, str] = {}
    seen: set[tuple[str, str]] = set()
    for path, sha, status in con.execute(
        f"SELECT path, sha256, status FROM {MANIFEST} "
        "WHERE status IN ('loaded', 'duplicate') ORDER BY started_at"
    ).fetchall():
        seen.add((path, sha))
        if status == "loaded":
            loaded.setdefault(sha, path)
    return loaded, seen


def sql_value(value: object) -> str:
    """A Python value as a SQL literal (text, numbers, timestamps, lists of text)."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.datetime):
        return f"TIMESTAMPTZ '{value.isoformat()}'"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(sql_value(v) for v in value) + "]::VARCHAR[]"
    return "'" + str(value).replace("'", "''") + "'"


def record(con: duckdb.DuckDBPyConnection, row: ManifestRow) -> None:
    """Insert one manifest row."""
    record_many(con, [row])


def record_many(con: duckdb.DuckDBPyConnection, rows: Sequence[ManifestRow]) -> None:
    """Insert manifest rows with one literal statement (binding Python parameters costs more than
    the insert itself)."""
    if not rows:
        return
    con.execute(
        f"""INSERT INTO {MANIFEST} (path, sha256, size, platform, export_type, template, raw_table,
            file_type, rows_read, rows_loaded, rows_rejected, total_rows_dropped, status, error,
            started_at, finished_at, unmapped_headers, quarantined_to)
        VALUES {", ".join(_values(row) for row in rows)}"""
    )


def _values(row: ManifestRow) -> str:
    values = [
        row.path,
        row.sha256,
        row.size,
        row.platform,
        row.export_type,
        row.template,
        row.raw_table,
        row.file_type,
        row.rows_read,
        row.rows_loaded,
        row.rows_rejected,
        row.total_rows_dropped,
        row.status,
        row.error,
        row.started_at,
        row.finished_at,
        list(row.unmapped_headers),
        row.quarantined_to,
    ]
    return "(" + ", ".join(sql_value(v) for v in values) + ")"


def load_fingerprints(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[int, int, str]]:
    """path → (size, mtime_ns, sha256) as last recorded."""
    rows = con.execute(f"SELECT path, size, mtime_ns, sha256 FROM {FINGERPRINTS}").fetchall()
    return {path: (size, mtime, sha) for path, size, mtime, sha in rows}


def save_fingerprints(con: duckdb.DuckDBPyConnection, rows: Sequence[tuple[str, int, int, str]]) -> None:
    """Record (path, size, mtime_ns, sha256) of files whose bytes the manifest now holds."""
    if not rows:
        return
    import pyarrow as pa

    paths, sizes, mtimes, shas = (list(col) for col in zip(*rows, strict=True))
    fresh = pa.table({"path": paths, "size": sizes, "mtime_ns": mtimes, "sha256": shas})
    con.register("_omni_fresh", fresh)
    try:
        con.begin()
        con.execute(f"DELETE FROM {FINGERPRINTS} WHERE path IN (SELECT path FROM _omni_fresh)")
        con.execute(f"INSERT INTO {FINGERPRINTS} SELECT path, size, mtime_ns, sha256 FROM _omni_fresh")
        con.commit()
    except BaseException:
        con.rollback()
        raise
    finally:
        con.unregister("_omni_fresh")
