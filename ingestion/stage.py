"""Phase B: stage a batch of grids that share a template and layout, cleaned and checked by one query.

All data rows of the batch land in one temporary table with `_f`, the grid's index in the batch.
The clean-up, total-row detection, required/typed validation and damaged-id detection are planned
and run once for the whole batch (planning a wide query costs more than loading a small file); the
rows are then copied out of it (`ingestion/insert.py`).

- Sheets, HTML tables and zip members are Arrow tables: concatenated with `_f` and `_i` (0-based
  row index after the header, blank rows included, so row numbers stay those a spreadsheet shows).
- CSVs are read by one `read_csv` over the list of files (per-file `skip`; malformed lines go to the
  reject tables with their file and line). Their row index is the staged table's `rowid` minus the
  file's first `rowid`: the table is created in scan order, which DuckDB preserves.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from ingestion.cleanup import finish_expr, quote_ident, quote_literal, trim_expr, unwrap_expr
from ingestion.plan import Plan
from ingestion.readers import CsvGrid
from ingestion.validate import damaged_id_expr, reason_expr, row_checks, total_expr

REJECTS_TABLE = "_omni_csv_rejects"
REJECTS_SCAN = "_omni_csv_scans"
MAX_LINE_SIZE = 8 * 1024 * 1024


@dataclass
class GridStats:
    """Counts and findings for one grid (`_f`) of a staged batch."""

    first_rowid: int = 0
    rows_read: int = 0  # data rows the reader returned, total rows excluded
    rows_loaded: int = 0
    rows_rejected: int = 0
    total_rows: int = 0
    damaged: tuple[int, str, str] | None = None  # (spreadsheet row, header, value) of the first
    reader_rejects: list[tuple[int, str, str, str]] = field(default_factory=list)  # line, type, …
    gaps: list[int] = field(default_factory=list)  # sorted: data index of each rejected line


@dataclass
class StagedBatch:
    table: str
    plans: list[Plan]
    is_csv: bool
    stats: list[GridStats]
    # (_f, gap, shift) of every grid with lines the CSV reader rejected; None when there are none
    gaps_table: str | None = None

    def row_index(self, k: int) -> str:
        """SQL of the 0-based data row index of grid `k` in the staged table."""
        if not self.is_csv:
            return "s._i"
        return f"(s.rowid - {self.stats[k].first_rowid})"

    def join_gaps(self, index: str) -> tuple[str, str]:
        """The join that brings each row's shift, and the SQL of the shift, for rows (alias `s`)
        whose data index is `index`. Lines the CSV reader rejected are not in the table, so the rows
        after them move down by the number of rejected lines before them."""
        if self.gaps_table is None:
            return "", "0"
        return (
            f" ASOF LEFT JOIN {self.gaps_table} g ON s._f = g._f AND {index} >= g.gap",
            "coalesce(g.shift, 0)",
        )

    def source(self, k: int) -> tuple[str, str]:
        """`FROM …` of grid `k`'s rows and the SQL of their spreadsheet row number."""
        index = self.row_index(k)
        join, shift = self.join_gaps(index)
        return f"FROM {self.table} s{join}", f"({self.plans[k].header_row + 1} + {index} + {shift})"

    def drop(self, con: duckdb.DuckDBPyConnection) -> None:
        for name in [self.table, self.gaps_table]:
            if name is not None:
                con.execute(f"DROP TABLE IF EXISTS {name}")


class UnreadableBatch(Exception):
    """DuckDB could not read (or clean) the rows of a batch; `cause` says why."""

    def __init__(self, cause: duckdb.Error):
        super().__init__(str(cause))
        self.cause = cause


def stage_batch(con: duckdb.DuckDBPyConnection, name: str, plans: Sequence[Plan]) -> StagedBatch:
    """Stage, clean and check every grid of `plans` (one batch key) in temp table `name`.
    Raises UnreadableBatch when the data cannot be read."""
    plans = list(plans)
    is_csv = isinstance(plans[0].grid, CsvGrid)
    source = f"_omni_src_{name}"
    if is_csv:
        _drop_rejects(con)
        source_sql = _csv_source(plans)
    else:
        con.register(source, _arrow_source(plans))
        raw = ", ".join(f"_c{i}" for i in range(plans[0].width))
        source_sql = f"SELECT * FROM {source} WHERE coalesce({raw}) IS NOT NULL"
    try:
        if is_csv and len(plans) > 1:
            # The reader returns each file's rows in vectors of their own: tiny files would make
            # every expression below run on a handful of rows at a time. Gather them first.
            con.execute(f"CREATE OR REPLACE TEMP TABLE {source} AS {source_sql}")
            source_sql = f"SELECT * FROM {source}"
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {checked_sql(plans[0], source_sql, is_csv)}")
    except duckdb.Error as exc:
        raise UnreadableBatch(exc) from exc
    finally:
        if is_csv:
            con.execute(f"DROP TABLE IF EXISTS {source}")
        else:
            con.unregister(source)
    if con.execute(f"SELECT bool_or(_suspect) FROM {name}").fetchone()[0]:
        con.execute(exact_reasons_sql(plans[0], name))
    staged = StagedBatch(name, plans, is_csv, [GridStats() for _ in plans])
    if is_csv:
        _read_rejects(con, staged)
    _read_stats(con, staged)
    return staged


def checked_sql(plan: Plan, source_sql: str, is_csv: bool) -> str:
    """SELECT of the staged rows: `_f`, (`_i`), the cleaned canonical columns, `_is_total`,
    `_reason` (why the row is rejected), `_suspect` (only the macros can tell: see
    `exact_reasons_sql`), `_damaged`, `_ok` and `_raw_text` (rows that are not plainly fine).

    Each step is its own SELECT layer so that an expression used twice is computed once."""
    template = plan.template
    width = plan.width
    raw = [f"_c{i}" for i in range(width)]
    cols = _columns(plan)
    present = {col for col, _ in cols}
    keys = "_f" if is_csv else "_f, _i"
    trimmed = ", ".join(f"{trim_expr(f'_c{pos}')} AS _t{k}" for k, (_, pos) in enumerate(cols))
    unwrapped = ", ".join(f"{unwrap_expr(f'_t{k}')} AS _u{k}" for k in range(len(cols)))
    cleaned = ", ".join(
        f"{finish_expr(f'_u{k}', template.column(col).parser)} AS {quote_ident(col)}"
        for k, (col, _) in enumerate(cols)
    )
    checks = row_checks(template, present, exact=False, nul=_has_nul(plan))
    flags = "".join(f", {c.flag} AS _b{j}" for j, c in enumerate(checks))
    # An undecided flag is NULL; the row's reason is then worked out by the second pass.
    suspect = " OR ".join(f"_b{j} IS NULL" for j in range(len(checks))) or "false"
    raw_text = "concat_ws(' | ', " + ", ".join(f"coalesce({c}, '')" for c in raw) + ")"
    canon = ", ".join(quote_ident(col) for col, _ in cols)
    return f"""
        WITH src AS ({source_sql}),
        trimmed AS (SELECT *, {trimmed} FROM src),
        unwrapped AS (SELECT *, {unwrapped} FROM trimmed),
        cleaned AS (SELECT *, {cleaned}, {total_expr(raw)} AS _is_total FROM unwrapped),
        flagged AS (
            SELECT *{flags},
                CASE WHEN _is_total THEN NULL ELSE {damaged_id_expr(template, present)} END AS _damaged
            FROM cleaned
        ),
        reasoned AS (
            SELECT *,
                CASE WHEN _is_total THEN NULL ELSE {reason_expr(checks)} END AS _reason,
                NOT _is_total AND ({suspect}) AS _suspect
            FROM flagged
        )
        SELECT {keys}, {canon}, _is_total, _reason, _suspect, _damaged,
            NOT _is_total AND NOT _suspect AND _reason IS NULL AS _ok,
            CASE WHEN _is_total OR _suspect OR _reason IS NOT NULL THEN {raw_text} END AS _raw_text
        FROM reasoned
    """


def exact_reasons_sql(plan: Plan, table: str) -> str:
    """UPDATE of the suspect rows of a staged batch with their reasons worked out by the macros."""
    checks = row_checks(plan.template, {col for col, _ in _columns(plan)}, exact=True, nul=_has_nul(plan))
    canon = ", ".join(quote_ident(col) for col, _ in _columns(plan))
    flags = "".join(f", {c.flag} AS _b{j}" for j, c in enumerate(checks))
    return f"""
        UPDATE {table} SET _reason = r._reason, _ok = r._reason IS NULL, _suspect = false
        FROM (
            SELECT _r, {reason_expr(checks)} AS _reason
            FROM (SELECT _r, {canon}{flags} FROM (SELECT rowid AS _r, {canon} FROM {table} WHERE _suspect))
        ) r
        WHERE {table}.rowid = r._r
    """


def _has_nul(plan: Plan) -> bool:
    return isinstance(plan.grid, CsvGrid) and plan.grid.has_nul


def _columns(plan: Plan) -> list[tuple[str, int]]:
    """(canonical column, raw position) of the template columns the grid has."""
    return [(col, pos) for col, pos in plan.match.positions.items() if pos < plan.width]


def _arrow_source(plans: list[Plan]) -> pa.Table:
    """The data rows of every grid, as one Arrow table of strings with `_f` and `_i`."""
    width = plans[0].width
    schema = pa.schema([(f"_c{i}", pa.string()) for i in range(width)])
    parts = []
    for k, plan in enumerate(plans):
        table = plan.grid.table.slice(plan.match.header_index + 1)
        if isinstance(table, pa.RecordBatch):  # fastexcel returns record batches
            table = pa.Table.from_batches([table])
        table = table.rename_columns(schema.names).cast(schema)
        n = table.num_rows
        parts.append(
            table.append_column("_f", pa.array([k] * n, pa.int32())).append_column(
                "_i", pa.array(range(n), pa.int64())
            )
        )
    return pa.concat_tables(parts).combine_chunks()  # one chunk: full vectors for DuckDB


def _csv_source(plans: list[Plan]) -> str:
    first = plans[0]
    width = first.width
    paths = [str(p.grid.path) for p in plans]
    columns = "{" + ", ".join(f"'_c{i}': 'VARCHAR'" for i in range(width)) + "}"
    raw = ", ".join(f"_c{i}" for i in range(width))
    options = (
        f"delim={quote_literal(first.delimiter)}, quote='\"', escape='\"', header=false, "
        f"skip={first.skip_lines}, auto_detect=false, columns={columns}, store_rejects=true, "
        f"rejects_table='{REJECTS_TABLE}', rejects_scan='{REJECTS_SCAN}', max_line_size={MAX_LINE_SIZE}"
    )
    if len(paths) == 1:
        return f"SELECT 0 AS _f, {raw} FROM read_csv({quote_literal(paths[0])}, {options})"
    listed = "[" + ", ".join(quote_literal(p) for p in paths) + "]"
    return (
        f"SELECT CAST(list_position({listed}, filename) - 1 AS INTEGER) AS _f, {raw} "
        f"FROM read_csv({listed}, {options}, filename=true)"
    )


def _drop_rejects(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(f"DROP TABLE IF EXISTS {REJECTS_TABLE}; DROP TABLE IF EXISTS {REJECTS_SCAN}")


def _read_rejects(con: duckdb.DuckDBPyConnection, staged: StagedBatch) -> None:
    """Lines the CSV reader rejected, per grid, and the gaps they leave in the row index."""
    index = {str(p.grid.path): k for k, p in enumerate(staged.plans)}
    try:
        rows = con.execute(
            f"SELECT s.file_path, e.line, min(e.error_type), min(e.error_message), min(e.csv_line) "
            f"FROM {REJECTS_TABLE} e JOIN {REJECTS_SCAN} s USING (scan_id, file_id) "
            "GROUP BY ALL ORDER BY 1, 2"
        ).fetchall()
    except duckdb.CatalogException:  # nothing rejected
        rows = []
    for path, line, error_type, message, text in rows:
        staged.stats[index[path]].reader_rejects.append((line, error_type, message, text))
    _add_torn_records(staged)
    shifts: list[tuple[int, int, int]] = []
    for k, stats in enumerate(staged.stats):
        if not stats.reader_rejects:
            continue
        base = staged.plans[k].header_row + 1
        # A good row i (0-based) comes after every rejected line j whose line - base - j <= i.
        stats.gaps = sorted(line - base - j for j, (line, *_rest) in enumerate(stats.reader_rejects))
        # A row at index i moves down by the number of gaps <= i.
        shifts += [(k, g, bisect.bisect_right(stats.gaps, g)) for g in sorted(set(stats.gaps))]
    if shifts:
        staged.gaps_table = f"{staged.table}_gaps"
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {staged.gaps_table} (_f INTEGER, gap BIGINT, shift BIGINT)"
        )
        con.executemany(f"INSERT INTO {staged.gaps_table} VALUES (?, ?, ?)", shifts)


def _add_torn_records(staged: StagedBatch) -> None:
    """The last record a cut-off file ends in (taken out before DuckDB read it, readers.py) is a
    rejected line of its grid, like the lines the reader rejects."""
    for k, plan in enumerate(staged.plans):
        torn = plan.grid.torn  # type: ignore[union-attr]  # CSV grids only
        if torn is not None:
            line, text = torn
            message = "the file ends inside this quoted cell (a download cut off?)"
            staged.stats[k].reader_rejects.append((line, "CUT OFF", message, text))


def _read_stats(con: duckdb.DuckDBPyConnection, staged: StagedBatch) -> None:
    index = "rowid" if staged.is_csv else "_i"
    rows = con.execute(
        f"""SELECT _f, min(rowid),
            count(*) FILTER (WHERE NOT _is_total), count(*) FILTER (WHERE _ok),
            count(*) FILTER (WHERE _reason IS NOT NULL), count(*) FILTER (WHERE _is_total),
            min({index}) FILTER (WHERE _damaged IS NOT NULL),
            arg_min(_damaged, {index}) FILTER (WHERE _damaged IS NOT NULL)
        FROM {staged.table} GROUP BY _f"""
    ).fetchall()
    for k, first, read, loaded, rejected, totals, damaged_at, damaged in rows:
        s = staged.stats[k]
        s.first_rowid = first
        s.rows_read, s.rows_loaded, s.rows_rejected, s.total_rows = read, loaded, rejected, totals
        if damaged is not None:
            i = damaged_at - first if staged.is_csv else damaged_at
            row = staged.plans[k].header_row + 1 + i + bisect.bisect_right(s.gaps, i)
            header, value = damaged.split("\x1f", 1)
            s.damaged = (row, header, value)
