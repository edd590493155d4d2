"""Bookkeeping tables in schema `raw`: the manifest of files seen, rejected rows and dropped totals.

The manifest makes ingestion idempotent: a file is identified by the SHA-256 of its bytes, so the same
bytes under any name load once, while a re-export with different bytes loads in full.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import NamedTuple

import duckdb

from ingestion.cleanup import quote_ident
from ingestion.report import FileResult
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


@dataclass(frozen=True)
class ManifestRow:
    """One row of the manifest: a file's result as recorded, with when and as which export."""

    result: FileResult
    started_at: dt.datetime
    finished_at: dt.datetime
    platform: str | None = None
    export_type: str | None = None

    def columns(self) -> dict[str, object]:
        """Column of the manifest → value."""
        r = self.result
        return {
            "path": r.source_file,
            "sha256": r.sha256,
            "size": r.size,
            "platform": self.platform,
            "export_type": self.export_type,
            "template": r.template,
            "raw_table": r.table,
            "file_type": r.file_type,
            **asdict(r.counts),
            "status": r.status,
            "error": r.error,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "unmapped_headers": list(r.unmapped_headers),
            "quarantined_to": str(r.quarantined_to) if r.quarantined_to else None,
        }


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
    columns = [row.columns() for row in rows]
    values = ("(" + ", ".join(sql_value(v) for v in c.values()) + ")" for c in columns)
    con.execute(f"INSERT INTO {MANIFEST} ({', '.join(columns[0])}) VALUES {', '.join(values)}")


class Fingerprint(NamedTuple):
    """A landing file's size and modification time when its bytes were hashed."""

    size: int
    mtime_ns: int
    sha256: str


class LoadedAs(NamedTuple):
    """What the file that loaded some bytes was recognised as."""

    table: str | None
    template: str | None
    platform: str | None
    export_type: str | None


@dataclass
class ManifestIndex:
    """What the warehouse knows about landing files, read once, and the questions the loader and the
    landing sensor ask of it: is this path with this size and mtime known (without reading it), were
    these bytes loaded, is there anything new in this file.

    A run adds what it records (`note`), so a later file of the same run sees an earlier one."""

    recorded: set[tuple[str, str]] = field(default_factory=set)  # (path, sha256): loaded or duplicate
    loaded: dict[str, LoadedAs] = field(default_factory=dict)  # sha256 → the file that loaded it first
    fingerprints: dict[str, Fingerprint] = field(default_factory=dict)  # path → as last hashed

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection, fingerprints: bool = True) -> ManifestIndex:
        """The index of the warehouse behind `con` (empty where a bookkeeping table is missing);
        `fingerprints=False` leaves them out, so every file is hashed."""
        index = cls()
        have = {
            name
            for (name,) in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'raw'"
            ).fetchall()
        }
        if MANIFEST.removeprefix("raw.") in have:
            for path, sha, status, *loaded_as in con.execute(
                f"SELECT path, sha256, status, raw_table, template, platform, export_type "
                f"FROM {MANIFEST} WHERE status IN ('loaded', 'duplicate') ORDER BY started_at"
            ).fetchall():
                index.note(path, sha, LoadedAs(*loaded_as) if status == "loaded" else None)
        if fingerprints and FINGERPRINTS.removeprefix("raw.") in have:
            rows = con.execute(f"SELECT path, size, mtime_ns, sha256 FROM {FINGERPRINTS}").fetchall()
            index.fingerprints = {path: Fingerprint(size, mtime, sha) for path, size, mtime, sha in rows}
        return index

    @classmethod
    def of_warehouse(cls, warehouse: Path) -> ManifestIndex:
        """The index of a warehouse file, opened read-only; empty when there is none yet."""
        if not Path(warehouse).exists():
            return cls()
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            return cls.read(con)
        finally:
            con.close()

    def known_sha(self, path: str, size: int, mtime_ns: int) -> str | None:
        """The sha256 of `path` when it still shows the size and mtime it had when the bytes recorded
        for it were hashed: known without reading it. None when it has to be hashed."""
        known = self.fingerprints.get(path)
        if known is None or (known.size, known.mtime_ns) != (size, mtime_ns):
            return None
        return known.sha256 if (path, known.sha256) in self.recorded else None

    def is_recorded(self, path: str, sha: str) -> bool:
        """This path with these bytes is in the manifest (loaded or a duplicate): unchanged."""
        return (path, sha) in self.recorded

    def loaded_as(self, sha: str) -> LoadedAs | None:
        """What loaded these bytes, or None when they were never loaded."""
        return self.loaded.get(sha)

    def holds(self, path: str, sha: str) -> bool:
        """Nothing of this file is left to load: unchanged, or its bytes loaded under some name."""
        return self.is_recorded(path, sha) or sha in self.loaded

    def first_path(self, sha: str) -> str | None:
        """The first (by name) path recorded with these bytes."""
        return min((p for p, s in self.recorded if s == sha), default=None)

    def note(self, path: str, sha: str, loaded_as: LoadedAs | None = None) -> None:
        """A manifest row just recorded (`loaded_as` when it loaded the bytes)."""
        self.recorded.add((path, sha))
        if loaded_as is not None:
            self.loaded.setdefault(sha, loaded_as)

    def fingerprint_is_new(self, path: str, size: int, mtime_ns: int, sha: str) -> bool:
        """True when (size, mtime, sha256) is not what is recorded for `path`: it is to be saved."""
        return self.fingerprints.get(path) != (size, mtime_ns, sha)


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
