"""Phase C: copy staged rows into the raw table, rejected rows and total rows.

`insert_batch` copies every loadable grid of a batch with one statement per target, inside the
chunk's transaction; `insert_grid` copies one grid (`WHERE _f = k`, lineage as literals), inside its
file's own transaction when a chunk has to be retried file by file. A statement whose rows would be
none is not run."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from ingestion.cleanup import quote_ident, quote_literal
from ingestion.manifest import REJECTED, TOTALS
from ingestion.report import RowCounts
from ingestion.stage import StagedBatch


def insert_grid(con: duckdb.DuckDBPyConnection, staged: StagedBatch, k: int, rel: str, sha: str) -> RowCounts:
    """Insert grid `k` of a staged batch; returns its counts (reader-rejected lines included)."""
    plan, stats = staged.plans[k], staged.stats[k]
    template, m = plan.template, plan.match
    from_sql, row_number = staged.source(k)
    canon = list(m.positions)
    lit = quote_literal
    file_sql = f"{lit(rel)}, {lit(sha)}, {lit(plan.grid.sheet)}"
    tid = lit(template.template_id)

    fields = [(f"_file_{g}", lit(v)) for g, v in m.file_fields.items()]
    _copy_rows(
        con,
        template,
        canon,
        Copy(file_sql, row_number, from_sql, f"s._f = {k}", fields),
        (stats.rows_loaded > 0, stats.rows_rejected > 0, stats.total_rows > 0),
    )
    if stats.reader_rejects:
        con.execute(f"INSERT INTO {REJECTED} VALUES {', '.join(_reader_rejects(file_sql, tid, stats))}")
    return _counts(stats)


@dataclass
class Copy:
    """Where staged rows come from and what lineage they get."""

    file_sql: str  # SQL of source file, sha256, sheet
    row_number: str  # SQL of the spreadsheet row number
    from_sql: str  # FROM … of the staged rows (alias s)
    where: str  # which of them
    fields: list[tuple[str, str]]  # (_file_<group> column, SQL of its value)


def _copy_rows(
    con: duckdb.DuckDBPyConnection,
    template,
    canon: list[str],
    copy: Copy,
    wanted: tuple[bool, bool, bool],
) -> None:
    """INSERT … SELECT the loaded rows into the raw table, the rejected rows and the total rows;
    `wanted` skips the statements whose rows would be none."""
    loaded, rejected, totals = wanted
    lit = quote_literal
    tid = lit(template.template_id)
    head = f"SELECT {copy.file_sql}, {copy.row_number}, {tid}"
    if loaded:
        insert_cols = [
            "_source_file", "_file_sha256", "_sheet", "_row_number", "_template",
            "_header_version", "_loaded_at", *[c for c, _ in copy.fields], *canon,
        ]  # fmt: skip
        values = [v for _, v in copy.fields] + [f"s.{quote_ident(c)}" for c in canon]
        con.execute(
            f"INSERT INTO raw.{quote_ident(template.table)} "
            f"({', '.join(quote_ident(c) for c in insert_cols)}) "
            f"{head}, {lit(template.version)}, current_timestamp, "
            f"{', '.join(values)} {copy.from_sql} WHERE {copy.where} AND s._ok"
        )
    if rejected:
        con.execute(
            f"INSERT INTO {REJECTED} {head}, s._raw_text, s._reason "
            f"{copy.from_sql} WHERE {copy.where} AND s._reason IS NOT NULL"
        )
    if totals:
        values_json = (
            "to_json(struct_pack("
            + ", ".join(f"{quote_ident(c)} := s.{quote_ident(c)}" for c in canon)
            + "))"
        )
        con.execute(
            f"INSERT INTO {TOTALS} {head}, s._raw_text, {values_json} "
            f"{copy.from_sql} WHERE {copy.where} AND s._is_total"
        )


def reader_reason(error_type: str, message: str) -> str:
    hints = {
        "MISSING COLUMNS": "the row has fewer fields than the header row (truncated line?)",
        "TOO MANY COLUMNS": "the row has more fields than the header row",
        "UNQUOTED VALUE": "a quoted cell is not closed (truncated line?)",
        "INVALID UNICODE": "the row holds bytes that are not valid text",
        "LINE SIZE OVER MAXIMUM": "the line is too long to be a row of this export",
        "CUT OFF": "the last record of the file is incomplete",
    }
    return f"{hints.get(error_type, error_type.lower())}: {message}"


def insert_batch(
    con: duckdb.DuckDBPyConnection, staged: StagedBatch, files: dict[int, tuple[str, str]]
) -> dict[int, RowCounts]:
    """Insert the grids `files` (k → (source file, sha256)) of a staged batch with one statement per
    target table; returns each grid's counts. Called inside the chunk's transaction.

    Per-grid lineage (file, hash, sheet, header row, first rowid, file-name fields) and the gaps left
    by reader-rejected lines are joined in from two small tables, so the staged rows are scanned once
    per target rather than once per file."""
    if not files:
        return {}
    plan0 = staged.plans[0]
    template, canon = plan0.template, list(plan0.match.positions)
    groups = list(template.file_fields)
    lit = quote_literal
    lineage = f"{staged.table}_files"
    field_cols = "".join(f", _file_{g} VARCHAR" for g in groups)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {lineage} (_f INTEGER, source_file VARCHAR, sha VARCHAR, "
        f"sheet VARCHAR, base BIGINT, first_rowid BIGINT{field_cols})"
    )
    con.execute(
        f"INSERT INTO {lineage} VALUES "
        + ", ".join(
            f"({k}, {lit(rel)}, {lit(sha)}, {lit(staged.plans[k].grid.sheet)}, "
            f"{staged.plans[k].header_row + 1}, {staged.stats[k].first_rowid}"
            + "".join(f", {lit(staged.plans[k].match.file_fields.get(g))}" for g in groups)
            + ")"
            for k, (rel, sha) in files.items()
        )
    )
    index = "s._i" if not staged.is_csv else "(s.rowid - f.first_rowid)"
    join, shift = staged.join_gaps(index)
    from_sql = f"FROM {staged.table} s JOIN {lineage} f USING (_f){join}"
    row_number = f"(f.base + {index} + {shift})"
    file_sql = "f.source_file, f.sha, f.sheet"
    tid = lit(template.template_id)
    stats = [staged.stats[k] for k in files]
    try:
        _copy_rows(
            con,
            template,
            canon,
            Copy(file_sql, row_number, from_sql, "true", [(f"_file_{g}", f"f._file_{g}") for g in groups]),
            (
                any(s.rows_loaded for s in stats),
                any(s.rows_rejected for s in stats),
                any(s.total_rows for s in stats),
            ),
        )
        rejects = [
            row
            for k, (rel, sha) in files.items()
            for row in _reader_rejects(
                f"{lit(rel)}, {lit(sha)}, {lit(staged.plans[k].grid.sheet)}", tid, staged.stats[k]
            )
        ]
        if rejects:
            con.execute(f"INSERT INTO {REJECTED} VALUES {', '.join(rejects)}")
    finally:
        con.execute(f"DROP TABLE IF EXISTS {lineage}")
    return {k: _counts(staged.stats[k]) for k in files}


def _reader_rejects(file_sql: str, tid: str, stats) -> list[str]:
    """VALUES rows of the lines the CSV reader rejected in one grid."""
    return [
        f"({file_sql}, {line}, {tid}, {quote_literal((text or '').strip(chr(13) + chr(10)))}, "
        f"{quote_literal(reader_reason(error_type, message))})"
        for line, error_type, message, text in stats.reader_rejects
    ]


def _counts(stats) -> RowCounts:
    """A grid's counts, the lines the reader rejected included."""
    n = len(stats.reader_rejects)
    return RowCounts(stats.rows_read + n, stats.rows_loaded, stats.rows_rejected + n, stats.total_rows)
