"""Load every export in a landing folder into `raw.<platform>__<export_type>` tables.

One DuckDB connection per run, one transaction per file: a file lands completely (rows, rejected rows,
total rows and its manifest row) or not at all. Files that cannot be read are moved to the quarantine
folder with an error file, and the run goes on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ingestion.cleanup import clean_expr, install_cleanup, quote_ident, quote_literal
from ingestion.errors import DamagedIds, IngestError
from ingestion.header_match import HeaderMatch, explain_no_match, find_header
from ingestion.manifest import (
    MANIFEST,
    REJECTED,
    TOTALS,
    ManifestRow,
    ensure_bookkeeping,
    ensure_raw_table,
    existing_columns,
    record,
)
from ingestion.parsers import install_parsers
from ingestion.quarantine import ERROR_SUFFIX, quarantine_file
from ingestion.readers import CSV_DELIMITERS, CsvGrid, Grid, TableGrid, read_grids, with_row_index
from ingestion.templates import Template, default_templates
from ingestion.validate import (
    damaged_id_expr,
    excel_damage_message,
    required_reason_expr,
    total_expr,
    typed_reason_expr,
    typed_reason_sql,
)

_REJECTS_TABLE = "_omni_csv_rejects"
_REJECTS_SCAN = "_omni_csv_scans"
# Above these sizes per-row work dominates query planning, so typed checks run wide, not unpivoted.
LARGE_ROWS = 50_000
LARGE_CSV_BYTES = 16 * 1024 * 1024


# ----------------------------------------------------------------------------------------- report


@dataclass
class FileResult:
    path: Path
    source_file: str  # relative to the landing folder
    sha256: str
    size: int
    status: str  # loaded / duplicate / quarantined, or unchanged / skipped (not recorded)
    table: str | None = None
    template: str | None = None
    file_type: str | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    total_rows_dropped: int = 0
    error: str | None = None
    quarantined_to: Path | None = None
    unmapped_headers: tuple[str, ...] = ()
    seconds: float = 0.0


@dataclass
class TableTotals:
    files: int = 0
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    total_rows_dropped: int = 0


@dataclass
class IngestReport:
    landing: Path
    warehouse: Path
    files: list[FileResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def quarantined(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "quarantined"]

    @property
    def loaded(self) -> list[FileResult]:
        return [f for f in self.files if f.status == "loaded"]

    @property
    def ok(self) -> bool:
        return not self.quarantined

    @property
    def tables(self) -> dict[str, TableTotals]:
        """Totals per raw table over the files loaded in this run."""
        out: dict[str, TableTotals] = {}
        for f in self.loaded:
            for table in (f.table or "").split(","):
                t = out.setdefault(table, TableTotals())
                t.files += 1
            t = out[(f.table or "").split(",")[0]]
            t.rows_read += f.rows_read
            t.rows_loaded += f.rows_loaded
            t.rows_rejected += f.rows_rejected
            t.total_rows_dropped += f.total_rows_dropped
        return dict(sorted(out.items()))

    def totals(self) -> TableTotals:
        t = TableTotals()
        for f in self.loaded:
            t.files += 1
            t.rows_read += f.rows_read
            t.rows_loaded += f.rows_loaded
            t.rows_rejected += f.rows_rejected
            t.total_rows_dropped += f.total_rows_dropped
        return t


# ------------------------------------------------------------------------------------ discovery


def discover(landing: Path) -> list[Path]:
    """Export files under the landing folder: hidden files, Excel lock files and error files skipped."""
    if not landing.exists():
        return []
    return sorted(
        p
        for p in landing.rglob("*")
        if p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(landing).parts)
        and not p.name.startswith("~$")
        and not p.name.endswith(ERROR_SUFFIX)
    )


_SHA_CACHE: dict[tuple[str, int, int], str] = {}


def file_sha256(path: Path) -> str:
    """SHA-256 of a file, cached by (path, size, mtime) so a sensor can poll cheaply."""
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _SHA_CACHE:
        h = hashlib.sha256()
        with path.open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                h.update(block)
        _SHA_CACHE[key] = h.hexdigest()
    return _SHA_CACHE[key]


def pending_files(landing: Path, warehouse: Path) -> list[Path]:
    """Files in the landing folder whose bytes are not yet in the manifest."""
    files = discover(Path(landing))
    known: set[str] = set()
    if Path(warehouse).exists():
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            exists = con.execute(
                "SELECT count(*) FROM information_schema.tables "
                "WHERE table_schema = 'raw' AND table_name = '_ingested_files'"
            ).fetchone()[0]
            if exists:
                known = {
                    r[0]
                    for r in con.execute(
                        f"SELECT DISTINCT sha256 FROM {MANIFEST} WHERE status IN ('loaded', 'duplicate')"
                    ).fetchall()
                }
        finally:
            con.close()
    return [p for p in files if file_sha256(p) not in known]


# ------------------------------------------------------------------------------- recognition


@dataclass
class Plan:
    """How to load one grid: its template match and where the data starts."""

    grid: Grid
    match: HeaderMatch
    header_row: int  # spreadsheet row number of the header
    delimiter: str = ","
    skip_lines: int = 0  # physical lines before the first data line (CSV)


def _names(grid: Grid, path: Path) -> list[str]:
    return list(dict.fromkeys([grid.name, path.name]))


def locate(grid: Grid, path: Path, label: str, templates: Sequence[Template]) -> Plan:
    """Find the header row and template of a grid, or raise the error that explains why not."""
    names = _names(grid, path)
    if isinstance(grid, CsvGrid):
        best: tuple[HeaderMatch, str, list[int]] | None = None
        widest: list[list[str]] = []
        for delimiter in CSV_DELIMITERS:
            rows, lines = grid.preview(delimiter)
            if max((len(r) for r in rows), default=0) > max((len(r) for r in widest), default=0):
                widest = rows
            m = find_header(rows, names, templates)
            if m is not None and (best is None or m.score > best[0].score):
                best = (m, delimiter, lines)
        if best is None:
            raise explain_no_match(widest, names, templates, label)
        m, delimiter, lines = best
        return Plan(grid, m, m.header_index + 1, delimiter, lines[m.header_index])
    rows = grid.preview()
    m = find_header(rows, names, templates)
    if m is None:
        raise explain_no_match(rows, names, templates, label, grid.first_row)
    return Plan(grid, m, grid.first_row + m.header_index)


def recognise(path: Path, templates: Sequence[Template] | None = None) -> Template:
    """The template of a single file; raises IngestError (with the reason) when there is none."""
    path = Path(path)
    templates = tuple(templates or default_templates())
    with tempfile.TemporaryDirectory(prefix="omni-recognise-") as tmp:
        _, grids = read_grids(path.read_bytes(), path, path.name, Path(tmp))
        return locate(grids[0], path, path.name, templates).match.template


# ------------------------------------------------------------------------------------ loading


@dataclass
class _Counts:
    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    total_rows_dropped: int = 0


class _Run:
    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        landing: Path,
        quarantine: Path,
        templates: Sequence[Template],
        tables: set[str] | None,
        tmp: Path,
    ):
        self.con = con
        self.landing = landing
        self.quarantine = quarantine
        self.templates = tuple(templates)
        self.tables = tables
        self.tmp = tmp
        # sha256 → (table, template, platform, export_type) of the file that loaded those bytes
        self.loaded: dict[str, tuple[str | None, ...]] = {}
        self.seen: set[tuple[str, str]] = set()
        for path, sha, status, table, template, platform, export_type in con.execute(
            f"SELECT path, sha256, status, raw_table, template, platform, export_type "
            f"FROM {MANIFEST} WHERE status IN ('loaded', 'duplicate') ORDER BY started_at"
        ).fetchall():
            self.seen.add((path, sha))
            if status == "loaded":
                self.loaded.setdefault(sha, (table, template, platform, export_type))

    # -- one file -------------------------------------------------------------------------

    def ingest_file(self, path: Path) -> FileResult:
        t0 = time.perf_counter()
        started = dt.datetime.now(dt.UTC)
        rel = path.relative_to(self.landing).as_posix()
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        result = FileResult(path=path, source_file=rel, sha256=sha, size=len(data), status="")
        if (rel, sha) in self.seen:
            result.status = "unchanged"
            return result
        if self.tables is not None and not self._name_may_belong(path.name):
            result.status = "skipped"
            return result
        if sha in self.loaded:
            return self._duplicate(result, started)

        recognised: set[str] = set()
        in_transaction = False
        try:
            sub = self.tmp / f"f{abs(hash(rel))}"
            kind, grids = read_grids(data, path, rel, sub)
            result.file_type = kind
            plans = []
            for grid in grids:
                label = rel if not grid.sheet else f"{rel} (sheet {grid.sheet})"
                try:
                    plans.append(locate(grid, path, label, self.templates))
                except IngestError:
                    # Extra sheets (notes, pivot) are allowed when another sheet is an export.
                    if kind == "xlsx" or kind == "xls":
                        continue
                    raise
            if not plans:
                raise locate_error(grids[0], path, rel, self.templates)
            recognised = {p.match.template.table for p in plans}
            if self.tables is not None and not recognised & self.tables:
                result.status = "skipped"
                return result
            plans = [p for p in plans if self.tables is None or p.match.template.table in self.tables]
            self.con.begin()
            in_transaction = True
            counts = _Counts()
            for plan in plans:
                c = self._load_grid(plan, rel, sha)
                counts.rows_read += c.rows_read
                counts.rows_loaded += c.rows_loaded
                counts.rows_rejected += c.rows_rejected
                counts.total_rows_dropped += c.total_rows_dropped
            if counts.rows_read != counts.rows_loaded + counts.rows_rejected:
                raise AssertionError(
                    f"{rel}: rows_read {counts.rows_read} != loaded {counts.rows_loaded} + "
                    f"rejected {counts.rows_rejected}"
                )
            first = plans[0].match.template
            result.status = "loaded"
            result.table = ",".join(dict.fromkeys(p.match.template.table for p in plans))
            result.template = ",".join(dict.fromkeys(p.match.template.template_id for p in plans))
            result.rows_read = counts.rows_read
            result.rows_loaded = counts.rows_loaded
            result.rows_rejected = counts.rows_rejected
            result.total_rows_dropped = counts.total_rows_dropped
            result.unmapped_headers = tuple(
                (f"{p.grid.sheet}: {h}" if len(plans) > 1 else h) for p in plans for h in p.match.unmapped
            )
            record(
                self.con,
                self._manifest_row(result, started, first.platform, first.export_type),
            )
            self.con.commit()
            in_transaction = False
            self.seen.add((rel, sha))
            self.loaded.setdefault(sha, (result.table, result.template, first.platform, first.export_type))
        except IngestError as exc:
            if in_transaction:
                self.con.rollback()
            # A filtered run only quarantines unrecognised files whose name says they are its
            # tables'; the others are left for a run that asks for them.
            if self.tables is not None and not recognised and not self._name_belongs(path.name):
                result.status = "skipped"
                return result
            self._quarantine(result, path, rel, sha, str(exc), started)
        except BaseException:
            if in_transaction:
                self.con.rollback()
            raise
        finally:
            result.seconds = time.perf_counter() - t0
        return result

    def _name_may_belong(self, name: str) -> bool:
        """False when the file name matches templates, but only of tables not asked for."""
        tables = {t.table for t in self.templates if t.file_name.match(name)}
        return not tables or bool(tables & (self.tables or set()))

    def _name_belongs(self, name: str) -> bool:
        return any(t.file_name.match(name) and t.table in (self.tables or set()) for t in self.templates)

    def _manifest_row(
        self,
        result: FileResult,
        started: dt.datetime,
        platform: str | None,
        export_type: str | None,
    ) -> ManifestRow:
        return ManifestRow(
            path=result.source_file,
            sha256=result.sha256,
            size=result.size,
            status=result.status,
            started_at=started,
            finished_at=dt.datetime.now(dt.UTC),
            platform=platform,
            export_type=export_type,
            template=result.template,
            raw_table=result.table,
            file_type=result.file_type,
            rows_read=result.rows_read,
            rows_loaded=result.rows_loaded,
            rows_rejected=result.rows_rejected,
            total_rows_dropped=result.total_rows_dropped,
            error=result.error,
            unmapped_headers=result.unmapped_headers,
            quarantined_to=str(result.quarantined_to) if result.quarantined_to else None,
        )

    def _duplicate(self, result: FileResult, started: dt.datetime) -> FileResult:
        table, template, platform, export_type = self.loaded[result.sha256]
        if self.tables is not None and not set((table or "").split(",")) & self.tables:
            result.status = "skipped"
            return result
        result.status = "duplicate"
        result.table, result.template = table, template
        first_path = next((p for p, s in sorted(self.seen) if s == result.sha256), "an earlier file")
        result.error = f"same bytes as {first_path}, already loaded"
        self.con.begin()
        try:
            record(self.con, self._manifest_row(result, started, platform, export_type))
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        self.seen.add((result.source_file, result.sha256))
        return result

    def _quarantine(self, result: FileResult, path: Path, rel: str, sha: str, message: str, started) -> None:
        target = quarantine_file(path, rel, self.quarantine, message, sha)
        result.status = "quarantined"
        result.error = message
        result.quarantined_to = target
        result.rows_read = result.rows_loaded = result.rows_rejected = 0
        result.total_rows_dropped = 0
        self.con.begin()
        try:
            record(self.con, self._manifest_row(result, started, None, None))
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise

    # -- one grid (CSV, sheet, zip member) --------------------------------------------------

    def _load_grid(self, plan: Plan, rel: str, sha: str) -> _Counts:
        con = self.con
        grid, m = plan.grid, plan.match
        template = m.template
        label = rel if not grid.sheet else f"{rel} (sheet {grid.sheet})"
        present = set(m.positions)

        source_sql, width, scan_before = self._source_sql(plan, label)
        raw_cols = [f"_c{i}" for i in range(width)]
        cleaned = ", ".join(
            f"{clean_expr(f'_c{pos}', template.column(col).parser)} AS {quote_ident(col)}"
            for col, pos in m.positions.items()
            if pos < width
        )
        canon = [quote_ident(c) for c in m.positions]
        wide = self._is_large(plan)
        reason = required_reason_expr(template, present)
        if wide:
            reason = f"nullif(concat_ws('; ', {reason}, {typed_reason_expr(template, present)}), '')"
        sql = f"""
            CREATE OR REPLACE TEMP TABLE _omni_checked AS
            WITH src AS ({source_sql}),
            cleaned AS (SELECT _i, {", ".join(raw_cols)}, {cleaned} FROM src),
            flagged AS (SELECT *, {total_expr(raw_cols)} AS _is_total FROM cleaned)
            SELECT *,
                CASE WHEN NOT _is_total THEN {reason} END AS _reason,
                CASE WHEN NOT _is_total THEN {damaged_id_expr(template, present)} END AS _damaged
            FROM flagged
        """
        try:
            con.execute(sql)
        except duckdb.Error as exc:
            raise IngestError(
                f"{label}: cannot be read as {grid.kind} with header row {plan.header_row} "
                f"({_first_line(exc)}); expected a well-formed export"
            ) from exc
        finally:
            if isinstance(grid, TableGrid):
                con.unregister("_omni_src")
        typed = None if wide else typed_reason_sql(template, present, "_omni_checked")
        if typed:
            con.execute(
                "UPDATE _omni_checked SET _reason = nullif(concat_ws('; ', _omni_checked._reason, "
                f"b.reason), '') FROM ({typed}) b WHERE _omni_checked._i = b._i"
            )
        raw_text = "concat_ws(' | ', " + ", ".join(f"coalesce({c}, '')" for c in raw_cols) + ")"

        reader_rejects = self._reader_rejects(scan_before) if isinstance(grid, CsvGrid) else []
        row_number = self._row_number_sql(plan, reader_rejects)

        damaged = con.execute(
            f"SELECT {row_number}, _damaged FROM _omni_checked WHERE _damaged IS NOT NULL ORDER BY _i LIMIT 1"
        ).fetchone()
        if damaged:
            header, value = damaged[1].split("\x1f", 1)
            raise DamagedIds(excel_damage_message(label, damaged[0], header, value))

        lineage = [rel, sha, grid.sheet, template.template_id, template.version]
        fields = [(f"_file_{g}", v) for g, v in m.file_fields.items()]
        target = f"raw.{quote_ident(template.table)}"
        insert_cols = [
            "_source_file", "_file_sha256", "_sheet", "_row_number", "_template",
            "_header_version", "_loaded_at", *[f for f, _ in fields], *m.positions,
        ]  # fmt: skip
        con.execute(
            f"INSERT INTO {target} ({', '.join(quote_ident(c) for c in insert_cols)}) "
            f"SELECT ?, ?, ?, {row_number}, ?, ?, current_timestamp, "
            f"{''.join('?, ' for _ in fields)}{', '.join(canon)} "
            "FROM _omni_checked WHERE NOT _is_total AND _reason IS NULL",
            [*lineage[:3], *lineage[3:], *[v for _, v in fields]],
        )
        con.execute(
            f"INSERT INTO {REJECTED} SELECT ?, ?, ?, {row_number}, ?, {raw_text}, _reason "
            "FROM _omni_checked WHERE _reason IS NOT NULL",
            [rel, sha, grid.sheet, template.template_id],
        )
        values_json = (
            "to_json(struct_pack("
            + ", ".join(f"{quote_ident(c)} := {quote_ident(c)}" for c in m.positions)
            + "))"
        )
        con.execute(
            f"INSERT INTO {TOTALS} SELECT ?, ?, ?, {row_number}, ?, {raw_text}, {values_json} "
            "FROM _omni_checked WHERE _is_total",
            [rel, sha, grid.sheet, template.template_id],
        )
        for line, error_type, message, text in reader_rejects:
            con.execute(
                f"INSERT INTO {REJECTED} VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    rel,
                    sha,
                    grid.sheet,
                    line,
                    template.template_id,
                    (text or "").strip("\r\n"),
                    _reader_reason(error_type, message),
                ],
            )
        read, loaded, rejected, totals = con.execute(
            "SELECT count(*) FILTER (NOT _is_total), "
            "count(*) FILTER (NOT _is_total AND _reason IS NULL), "
            "count(*) FILTER (_reason IS NOT NULL), count(*) FILTER (_is_total) "
            "FROM _omni_checked"
        ).fetchone()
        con.execute("DROP TABLE _omni_checked")
        n = len(reader_rejects)
        return _Counts(read + n, loaded, rejected + n, totals)

    @staticmethod
    def _is_large(plan: Plan) -> bool:
        """Large grids are checked wide (one expression per column), small ones unpivoted."""
        grid = plan.grid
        if isinstance(grid, TableGrid):
            return grid.table.num_rows > LARGE_ROWS
        return grid.path.stat().st_size > LARGE_CSV_BYTES

    def _source_sql(self, plan: Plan, label: str) -> tuple[str, int, int]:
        """SELECT of the data rows as `_c0.._cN` text plus `_i` (0-based data-row index)."""
        grid = plan.grid
        if isinstance(grid, TableGrid):
            table = grid.table.slice(plan.match.header_index + 1)
            width = table.num_columns
            self.con.register("_omni_src", with_row_index(table))
            not_blank = "coalesce(" + ", ".join(f"_c{i}" for i in range(width)) + ") IS NOT NULL"
            return f"SELECT * FROM _omni_src WHERE {not_blank}", width, 0
        headers = list(plan.match.raw_headers)
        while headers and not headers[-1].strip():
            headers.pop()
        width = max(len(headers), max(plan.match.positions.values(), default=0) + 1)
        columns = "{" + ", ".join(f"'_c{i}': 'VARCHAR'" for i in range(width)) + "}"
        scan_before = self._max_scan_id()
        path = quote_literal(str(grid.path))
        sql = (
            f"SELECT *, row_number() OVER () - 1 AS _i FROM read_csv({path}, "
            f"delim={quote_literal(plan.delimiter)}, quote='\"', escape='\"', header=false, "
            f"skip={plan.skip_lines}, auto_detect=false, columns={columns}, "
            f"store_rejects=true, rejects_table='{_REJECTS_TABLE}', "
            f"rejects_scan='{_REJECTS_SCAN}', max_line_size=8388608)"
        )
        return sql, width, scan_before

    def _max_scan_id(self) -> int:
        try:
            return self.con.execute(f"SELECT coalesce(max(scan_id), -1) FROM {_REJECTS_TABLE}").fetchone()[0]
        except duckdb.CatalogException:
            return -1

    def _reader_rejects(self, scan_before: int) -> list[tuple[int, str, str, str]]:
        try:
            return self.con.execute(
                f"SELECT line, min(error_type), min(error_message), min(csv_line) "
                f"FROM {_REJECTS_TABLE} WHERE scan_id > ? GROUP BY line ORDER BY line",
                [scan_before],
            ).fetchall()
        except duckdb.CatalogException:
            return []

    def _row_number_sql(self, plan: Plan, reader_rejects: list) -> str:
        """Spreadsheet row of `_i`. Lines the CSV reader rejected are not in the table, so rows after
        them shift down by the number of rejected lines before them."""
        base = plan.header_row + 1
        if not reader_rejects:
            return f"({base} + _i)"
        # e_j = rejected data index − j: a good row i (0-based) comes after every rejected line
        # whose e_j ≤ i.
        gaps = sorted(line - base - j for j, (line, *_rest) in enumerate(reader_rejects))
        shift = " + ".join(f"(CASE WHEN _i >= {g} THEN 1 ELSE 0 END)" for g in gaps)
        return f"({base} + _i + {shift})"


def locate_error(grid: Grid, path: Path, rel: str, templates: Sequence[Template]) -> IngestError:
    try:
        locate(grid, path, rel, templates)
    except IngestError as exc:
        return exc
    return IngestError(f"{rel}: no sheet holds a known export")


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def _reader_reason(error_type: str, message: str) -> str:
    hints = {
        "MISSING COLUMNS": "the row has fewer fields than the header row (truncated line?)",
        "TOO MANY COLUMNS": "the row has more fields than the header row",
        "UNQUOTED VALUE": "a quoted cell is not closed (truncated line?)",
        "INVALID UNICODE": "the row holds bytes that are not valid text",
        "LINE SIZE OVER MAXIMUM": "the line is too long to be a row of this export",
    }
    return f"{hints.get(error_type, error_type.lower())}: {message}"


# ------------------------------------------------------------------------------------ entry


def prepare_warehouse(con: duckdb.DuckDBPyConnection, templates: Iterable[Template]) -> None:
    """Macros, bookkeeping tables and one raw table per export (all versions' columns)."""
    install_parsers(con)
    install_cleanup(con)
    ensure_bookkeeping(con)
    by_table: dict[str, list[Template]] = {}
    for t in templates:
        by_table.setdefault(t.table, []).append(t)
    have = existing_columns(con)
    for table, versions in by_table.items():
        ensure_raw_table(con, table, versions, have.get(table, set()))


def ingest(
    landing: Path,
    warehouse: Path,
    quarantine: Path,
    tables: set[str] | None = None,
    templates: Sequence[Template] | None = None,
) -> IngestReport:
    """Load every new file under `landing` into `warehouse`; move unreadable files to `quarantine`.

    `tables` limits the run to files recognised for those raw tables (`<platform>__<export_type>`).
    """
    t0 = time.perf_counter()
    landing, warehouse, quarantine = Path(landing), Path(warehouse), Path(quarantine)
    templates = tuple(templates or default_templates())
    report = IngestReport(landing=landing, warehouse=warehouse)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("SET enable_progress_bar = false")
        prepare_warehouse(con, templates)
        with tempfile.TemporaryDirectory(prefix="omni-ingest-") as tmp:
            run = _Run(con, landing, quarantine, templates, tables, Path(tmp))
            for path in discover(landing):
                report.files.append(run.ingest_file(path))
    finally:
        con.close()
    report.seconds = time.perf_counter() - t0
    return report
