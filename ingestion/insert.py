"""Phase C: copy one grid's rows out of its staged batch into the raw table, rejected rows and total
rows. Called inside the file's transaction; every statement is a plain INSERT … SELECT … WHERE _f = k
with the lineage as literals, and a statement whose rows would be none is not run."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from ingestion.cleanup import quote_ident, quote_literal
from ingestion.manifest import REJECTED, TOTALS
from ingestion.stage import StagedBatch


@dataclass
class Counts:
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    total_rows_dropped: int = 0

    def add(self, other: Counts) -> None:
        self.rows_read += other.rows_read
        self.rows_loaded += other.rows_loaded
        self.rows_rejected += other.rows_rejected
        self.total_rows_dropped += other.total_rows_dropped


def insert_grid(con: duckdb.DuckDBPyConnection, staged: StagedBatch, k: int, rel: str, sha: str) -> Counts:
    """Insert grid `k` of a staged batch; returns its counts (reader-rejected lines included)."""
    plan, stats = staged.plans[k], staged.stats[k]
    template, m = plan.template, plan.match
    from_sql, row_number = staged.source(k)
    canon = list(m.positions)
    lit = quote_literal
    file_sql = f"{lit(rel)}, {lit(sha)}, {lit(plan.grid.sheet)}"
    tid = lit(template.template_id)

    if stats.rows_loaded:
        fields = [(f"_file_{g}", v) for g, v in m.file_fields.items()]
        insert_cols = [
            "_source_file", "_file_sha256", "_sheet", "_row_number", "_template",
            "_header_version", "_loaded_at", *[f for f, _ in fields], *canon,
        ]  # fmt: skip
        values = [lit(v) for _, v in fields] + [f"s.{quote_ident(c)}" for c in canon]
        con.execute(
            f"INSERT INTO raw.{quote_ident(template.table)} "
            f"({', '.join(quote_ident(c) for c in insert_cols)}) "
            f"SELECT {file_sql}, {row_number}, {tid}, {lit(template.version)}, current_timestamp, "
            f"{', '.join(values)} {from_sql} WHERE s._f = {k} AND s._ok"
        )
    if stats.rows_rejected:
        con.execute(
            f"INSERT INTO {REJECTED} SELECT {file_sql}, {row_number}, {tid}, s._raw_text, s._reason "
            f"{from_sql} WHERE s._f = {k} AND s._reason IS NOT NULL"
        )
    if stats.total_rows:
        values_json = (
            "to_json(struct_pack("
            + ", ".join(f"{quote_ident(c)} := s.{quote_ident(c)}" for c in canon)
            + "))"
        )
        con.execute(
            f"INSERT INTO {TOTALS} SELECT {file_sql}, {row_number}, {tid}, s._raw_text, {values_json} "
            f"{from_sql} WHERE s._f = {k} AND s._is_total"
        )
    if stats.reader_rejects:
        rows = ", ".join(
            f"({file_sql}, {line}, {tid}, {lit((text or '').strip(chr(13) + chr(10)))}, "
            f"{lit(reader_reason(error_type, message))})"
            for line, error_type, message, text in stats.reader_rejects
        )
        con.execute(f"INSERT INTO {REJECTED} VALUES {rows}")
    n = len(stats.reader_rejects)
    return Counts(stats.rows_read + n, stats.rows_loaded, stats.rows_rejected + n, stats.total_rows)


def reader_reason(error_type: str, message: str) -> str:
    hints = {
        "MISSING COLUMNS": "the row has fewer fields than the header row (truncated line?)",
        "TOO MANY COLUMNS": "the row has more fields than the header row",
        "UNQUOTED VALUE": "a quoted cell is not closed (truncated line?)",
        "INVALID UNICODE": "the row holds bytes that are not valid text",
        "LINE SIZE OVER MAXIMUM": "the line is too long to be a row of this export",
    }
    return f"{hints.get(error_type, error_type.lower())}: {message}"
