"""Load every export in a landing folder into `raw.<platform>__<export_type>` tables.

One DuckDB connection per run. Files are taken in chunks, each in three phases:

- A, per file (Python): hash the bytes, skip bytes already recorded, read the container, find the
  header row and template (`plan.py`). Unreadable files are quarantined here.
- B, per batch of grids that share a template and layout (`stage.py`): one query stages, cleans and
  checks all their rows.
- C, per chunk, in one transaction: files a batch could not read or whose ids Excel damaged are
  quarantined alone; the others' rows, rejected rows and total rows are copied from the staged
  batches with one INSERT per batch and target (`insert.py`), their manifest rows recorded, then
  COMMIT. A file lands completely or not at all (a crash rolls back the chunk, and the next run loads
  it again); if the chunk's transaction fails, its files are loaded one transaction each.

What is new (unchanged, duplicate, another table's) and what the run records about each file (its
result, its manifest row, its fingerprint) is `ledger.py`'s, from the manifest index (`manifest.py`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import shutil
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ingestion.cleanup import install_cleanup
from ingestion.discovery import discover, file_sha256, links_outside, pending_files
from ingestion.errors import DamagedIds, IngestError
from ingestion.insert import insert_batch, insert_grid
from ingestion.ledger import Ledger, Selection
from ingestion.manifest import (
    ManifestIndex,
    ensure_bookkeeping,
    ensure_raw_table,
    existing_columns,
    record,
    record_many,
)
from ingestion.names import relative_name
from ingestion.parsers import install_parsers
from ingestion.plan import Plan, locate, locate_error, recognise
from ingestion.read_ahead import FileRead, read_ahead, read_file
from ingestion.readers import CsvGrid
from ingestion.report import FileResult, IngestReport, RowCounts, TableTotals
from ingestion.scratch import scratch_dir
from ingestion.stage import StagedBatch, UnreadableBatch, stage_batch
from ingestion.templates import Template, default_templates
from ingestion.validate import excel_damage_message
from ingestion.watchdog import batch_budget, time_limit
from omnichannel_config import DuckDBSettings, connect, load_settings

__all__ = [
    "FileResult",
    "IngestReport",
    "Plan",
    "RowCounts",
    "TableTotals",
    "discover",
    "file_sha256",
    "ingest",
    "locate",
    "locate_error",
    "pending_files",
    "prepare_warehouse",
    "recognise",
]

# Progress for a console or the Dagster UI: the number of files, then one DEBUG record per file read
# (`ingest_files_total`, `ingest_file_read` in the record's extra).
log = logging.getLogger(__name__)

# A chunk is staged and committed before the next is read: this bounds the memory held by read
# grids and staged rows (a single larger file is a chunk of its own).
CHUNK_FILES = 2000
CHUNK_BYTES = 256 * 1024 * 1024


@dataclass
class _Pending:
    """A file read and recognised in phase A, waiting for its batches (B) and its transaction (C)."""

    slot: int  # position in the report
    result: FileResult
    started: dt.datetime
    plans: list[Plan]
    tmp_dir: Path
    weight: int  # bytes held in memory or read from disk
    seconds: float = 0.0
    error: str | None = None  # a batch could not read this file
    staged: dict[int, tuple[StagedBatch, int]] = field(default_factory=dict)  # plan → (batch, _f)


class _Run:
    """The chunk pipeline: read ahead (A), stage batches (B), insert and commit chunks (C). What is
    new and what gets recorded is the ledger's."""

    def __init__(self, con: duckdb.DuckDBPyConnection, ledger: Ledger, landing: Path, tmp: Path):
        self.con = con
        self.ledger = ledger
        self.landing = landing
        self.tmp = tmp
        self.batches = 0

    def ingest_files(self, paths: Sequence[Path]) -> list[FileResult]:
        """Every file, in chunks; results in the order of `paths`. A file with the same bytes as one
        waiting in the current chunk waits for the next pass (it is then a duplicate)."""
        results: list[FileResult | None] = [None] * len(paths)
        reads: Iterable[FileRead] = read_ahead(enumerate(paths), self._read)
        while True:
            deferred: list[FileRead] = []
            chunk: list[_Pending] = []
            waiting: set[str] = set()
            weight = 0
            for read in reads:
                item = self._prepare(read, waiting)
                if item is not None:  # a deferred file counts when its next pass takes it
                    log.debug("read %s", read.rel, extra={"ingest_file_read": True})
                if item is None:
                    deferred.append(read)
                elif isinstance(item, FileResult):
                    results[read.slot] = item
                else:
                    chunk.append(item)
                    waiting.add(item.result.sha256)
                    weight += item.weight
                    if len(chunk) >= CHUNK_FILES or weight >= CHUNK_BYTES:
                        self._load_chunk(chunk, results)
                        chunk, waiting, weight = [], set(), 0
            self._load_chunk(chunk, results)
            if not deferred:
                return [r for r in results if r is not None]
            reads = deferred

    # -- phase A: one file --------------------------------------------------------------------

    def _read(self, slot: int, path: Path) -> FileRead:
        """On the reader thread: what needs no decision. Files whose bytes the ledger already knows
        are hashed, not opened; files whose size and mtime it vouches for are not even read."""
        ledger = self.ledger
        args = (self.landing, self.tmp, ledger.selection.templates, ledger.worth_parsing, ledger.known_sha)
        return read_file(slot, path, *args)

    def _prepare(self, read: FileRead, waiting: set[str]) -> _Pending | FileResult | None:
        t0 = time.perf_counter() - read.seconds
        result = self.ledger.triage(read, waiting)
        if result is None or result.status:
            if result is not None and result.status in ("duplicate", "quarantined"):
                result.seconds = time.perf_counter() - t0
            return result
        plans = self.ledger.selection.plans(read.plans)
        weight = sum(_weight(p) for p in plans)
        return _Pending(
            read.slot, result, read.started, plans, read.tmp_dir, weight, time.perf_counter() - t0
        )

    # -- phase B: batches of a chunk ----------------------------------------------------------

    def _load_chunk(self, chunk: list[_Pending], results: list[FileResult | None]) -> None:
        if not chunk:
            return
        groups: dict[tuple, list[tuple[_Pending, int]]] = {}
        for pending in chunk:
            for j, plan in enumerate(pending.plans):
                groups.setdefault(plan.batch_key, []).append((pending, j))
        staged: list[StagedBatch] = []
        try:
            for members in groups.values():
                self._stage(members, staged)
            loadable = []
            for pending in chunk:
                failed = self._check(pending)
                if failed is not None:
                    results[pending.slot] = failed
                else:
                    loadable.append(pending)
            try:
                for pending in self._commit_chunk(loadable):
                    results[pending.slot] = pending.result
            except duckdb.Error:
                # One file's rows broke the chunk's transaction: load file by file to isolate it.
                for pending in loadable:
                    results[pending.slot] = self._commit(pending)
        finally:
            for batch in staged:
                batch.drop(self.con)
            for pending in chunk:
                shutil.rmtree(pending.tmp_dir, ignore_errors=True)

    def _stage(self, members: list[tuple[_Pending, int]], staged: list[StagedBatch]) -> None:
        """Stage one batch; when it cannot be read, stage its files one by one to find which."""
        t0 = time.perf_counter()
        self.batches += 1
        name = f"_omni_stage_{self.batches}"
        budget = batch_budget(sum(p.weight for p, _ in members))
        timed_out = lambda: False  # noqa: E731  (set by the watchdog below)
        try:
            with time_limit(self.con, budget) as timed_out:
                batch = stage_batch(self.con, name, [p.plans[j] for p, j in members])
        except (UnreadableBatch, duckdb.Error) as exc:
            if not isinstance(exc, UnreadableBatch) and not timed_out():
                raise
            if len(members) > 1:
                for member in members:
                    self._stage([member], staged)
                return
            pending, j = members[0]
            pending.error = _unstaged(pending, j, exc, budget if timed_out() else None)
            return
        staged.append(batch)
        share = (time.perf_counter() - t0) / len(members)
        for k, (pending, j) in enumerate(members):
            pending.staged[j] = (batch, k)
            pending.seconds += share

    # -- phase C: the chunk's files, one transaction -------------------------------------------

    def _check(self, pending: _Pending) -> FileResult | None:
        """Quarantine a file a batch could not read or whose ids Excel damaged; None if it loads."""
        t0 = time.perf_counter()
        result = pending.result
        if _changed_since_hashed(pending):
            result.status = "skipped"
            result.error = (
                f"{result.source_file}: changed while it was loaded (still being written?); "
                "skipped, tried again on the next run"
            )
            return result
        try:
            if pending.error:
                raise IngestError(pending.error)
            for j, plan in enumerate(pending.plans):
                batch, k = pending.staged[j]
                if batch.stats[k].damaged:
                    label = _label(result.source_file, plan)
                    raise DamagedIds(excel_damage_message(label, *batch.stats[k].damaged))
        except IngestError as exc:
            self.ledger.quarantine(result, str(exc), pending.started)
            result.seconds = pending.seconds + time.perf_counter() - t0
            return result
        return None

    def _commit_chunk(self, loadable: list[_Pending]) -> list[_Pending]:
        """Every loadable file of the chunk in one transaction: one INSERT per batch and target table
        (`insert_batch`), then their manifest rows. A crash leaves none of them loaded, so a re-run
        loads them again; per-file transactions cost a COMMIT (and its fsync) each."""
        if not loadable:
            return []
        t0 = time.perf_counter()
        # staged table → (batch, grid k → its file's pending)
        batches: dict[str, tuple[StagedBatch, dict[int, _Pending]]] = {}
        for pending in loadable:
            for batch, k in pending.staged.values():
                batches.setdefault(batch.table, (batch, {}))[1][k] = pending
        counts = {p.slot: RowCounts() for p in loadable}
        self.con.begin()
        try:
            for batch, owners in batches.values():
                files = {k: (p.result.source_file, p.result.sha256) for k, p in owners.items()}
                for k, c in insert_batch(self.con, batch, files).items():
                    counts[owners[k].slot] += c
            rows = [self.ledger.loaded(p.result, p.plans, counts[p.slot], p.started) for p in loadable]
            record_many(self.con, rows)
            self.con.commit()
        except BaseException:
            _rollback(self.con)
            raise
        share = (time.perf_counter() - t0) / len(loadable)
        for pending in loadable:
            self._mark_loaded(pending, share)
        return loadable

    def _commit(self, pending: _Pending) -> FileResult:
        """One file in its own transaction (the fallback when its chunk's transaction failed)."""
        t0 = time.perf_counter()
        result = pending.result
        self.con.begin()
        try:
            counts = RowCounts()
            for batch, k in pending.staged.values():
                counts += insert_grid(self.con, batch, k, result.source_file, result.sha256)
            record(self.con, self.ledger.loaded(result, pending.plans, counts, pending.started))
            self.con.commit()
        except BaseException:
            _rollback(self.con)
            raise
        self._mark_loaded(pending, time.perf_counter() - t0)
        return result

    def _mark_loaded(self, pending: _Pending, seconds: float) -> None:
        self.ledger.mark_loaded(pending.result, pending.plans)
        pending.result.seconds = pending.seconds + seconds


def _weight(plan: Plan) -> int:
    """Bytes a grid holds in memory, or DuckDB reads from disk."""
    return plan.grid.path.stat().st_size if isinstance(plan.grid, CsvGrid) else plan.grid.table.nbytes


def _label(rel: str, plan: Plan) -> str:
    """A file, and its sheet where a workbook has several, in an error message."""
    return rel if not plan.grid.sheet else f"{rel} (sheet {plan.grid.sheet})"


def _unstaged(pending: _Pending, j: int, exc: Exception, budget: float | None) -> str:
    """Why grid `j` of a file could not be staged: it took longer than `budget`, or it is unreadable."""
    plan = pending.plans[j]
    label = _label(pending.result.source_file, plan)
    if budget is not None:
        return (
            f"{label}: reading it took longer than {budget:.0f} s, the limit for its size (an export "
            "this size loads in seconds): refused as damaged; re-export it from the platform"
        )
    return (
        f"{label}: cannot be read as {plan.grid.kind} with header row {plan.header_row} "
        f"({_first_line(getattr(exc, 'cause', exc))}); expected a well-formed export"
    )


def _changed_since_hashed(pending: _Pending) -> bool:
    """True when DuckDB read a CSV in place whose size or time is no longer what was hashed: the
    rows staged may not be the bytes recorded."""
    result = pending.result
    if not any(isinstance(p.grid, CsvGrid) and p.grid.path == result.path for p in pending.plans):
        return False
    try:
        st = result.path.stat()
    except OSError:
        return True
    return (st.st_size, st.st_mtime_ns) != (result.size, result.mtime_ns)


def _links_skipped(landing: Path) -> list[FileResult]:
    out = []
    for link in links_outside(landing):
        rel = relative_name(link, landing)
        result = FileResult(path=link, source_file=rel, sha256="", size=0, status="skipped")
        result.error = (
            f"{rel}: a link to a file outside the landing folder; not followed (copy the file in instead)"
        )
        out.append(result)
    return out


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back after a failed load, keeping the failure's own error: when DuckDB has already
    aborted the transaction (a full disk), ROLLBACK fails with "no transaction is active", which
    would hide "No space left on device"."""
    with contextlib.suppress(duckdb.Error):
        con.rollback()


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


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
    rehash: bool = False,
    duckdb_settings: DuckDBSettings | None = None,
) -> IngestReport:
    """Load every new file under `landing` into `warehouse`; move unreadable files to `quarantine`.

    `tables` limits the run to files recognised for those raw tables (`<platform>__<export_type>`).
    A file whose size and modification time are those recorded when its bytes were loaded is taken
    as unchanged without reading it; `rehash` reads and hashes every file regardless.
    `duckdb_settings` (memory limit, threads, spill folder) default to the project's settings, the
    same dbt's profile gets.
    """
    t0 = time.perf_counter()
    landing, warehouse, quarantine = Path(landing), Path(warehouse), Path(quarantine)
    templates = tuple(templates or default_templates())
    report = IngestReport(landing=landing, warehouse=warehouse)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    con = connect(warehouse, read_only=False, settings=duckdb_settings or load_settings().duckdb)
    try:
        con.execute("SET enable_progress_bar = false")
        # Checkpoint once at the end, not every 16 MB of WAL: a daily history is thousands of files.
        con.execute("SET checkpoint_threshold = '1GB'")
        prepare_warehouse(con, templates)
        index = ManifestIndex.read(con, fingerprints=not rehash)
        ledger = Ledger(con, index, Selection(templates, tables), quarantine)
        with scratch_dir(warehouse) as tmp:
            run = _Run(con, ledger, landing, tmp)
            found = discover(landing)
            log.info("%d files under %s", len(found), landing, extra={"ingest_files_total": len(found)})
            report.files = _links_skipped(landing) + run.ingest_files(found)
            ledger.save_fingerprints()
    finally:
        con.close()
    report.seconds = time.perf_counter() - t0
    return report
