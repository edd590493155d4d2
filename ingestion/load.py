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
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ingestion.cleanup import install_cleanup, quote_literal
from ingestion.discovery import discover, file_sha256, links_outside, pending_files
from ingestion.errors import DamagedIds, IngestError
from ingestion.insert import Counts, insert_batch, insert_grid
from ingestion.manifest import (
    MANIFEST,
    ManifestRow,
    ensure_bookkeeping,
    ensure_raw_table,
    existing_columns,
    load_fingerprints,
    record,
    record_many,
    save_fingerprints,
)
from ingestion.names import display_name, relative_name
from ingestion.parsers import install_parsers
from ingestion.plan import Plan, locate, locate_error, recognise
from ingestion.quarantine import quarantine_file
from ingestion.read_ahead import FileRead, parse, read_ahead, read_file
from ingestion.readers import CsvGrid
from ingestion.report import FileResult, IngestReport, TableTotals
from ingestion.scratch import scratch_dir
from ingestion.settings import duckdb_settings
from ingestion.stage import StagedBatch, UnreadableBatch, stage_batch
from ingestion.templates import Template, default_templates
from ingestion.validate import excel_damage_message
from ingestion.watchdog import batch_budget, time_limit

__all__ = [
    "FileResult",
    "IngestReport",
    "Plan",
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
    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        landing: Path,
        quarantine: Path,
        templates: Sequence[Template],
        tables: set[str] | None,
        tmp: Path,
        rehash: bool = False,
    ):
        self.con = con
        self.landing = landing
        self.quarantine = quarantine
        self.templates = tuple(templates)
        self.tables = tables
        self.tmp = tmp
        self.batches = 0
        # sha256 → (table, template, platform, export_type) of the file that loaded those bytes
        self.loaded: dict[str, tuple[str | None, ...]] = {}
        self.seen: set[tuple[str, str]] = set()
        self.fingerprints = {} if rehash else load_fingerprints(con)
        self.fresh_fingerprints: list[tuple[str, int, int, str]] = []
        for path, sha, status, table, template, platform, export_type in con.execute(
            f"SELECT path, sha256, status, raw_table, template, platform, export_type "
            f"FROM {MANIFEST} WHERE status IN ('loaded', 'duplicate') ORDER BY started_at"
        ).fetchall():
            self.seen.add((path, sha))
            if status == "loaded":
                self.loaded.setdefault(sha, (table, template, platform, export_type))

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
        """On the reader thread: what needs no decision. `seen` and `loaded` only grow, so bytes
        known here are known when the file's turn comes; those files are hashed, not opened."""

        def worth_parsing(rel: str, sha: str, name: str) -> bool:
            if (rel, sha) in self.seen or sha in self.loaded:
                return False
            return self.tables is None or self._name_may_belong(name)

        def known_sha(rel: str, size: int, mtime_ns: int) -> str | None:
            known = self.fingerprints.get(rel)
            if known is None or known[:2] != (size, mtime_ns) or (rel, known[2]) not in self.seen:
                return None
            return known[2]

        return read_file(slot, path, self.landing, self.tmp, self.templates, worth_parsing, known_sha)

    def _prepare(self, read: FileRead, waiting: set[str]) -> _Pending | FileResult | None:
        t0 = time.perf_counter() - read.seconds
        rel, sha, path = read.rel, read.sha256, read.path
        result = FileResult(path=path, source_file=rel, sha256=sha, size=read.size, status="")
        result.mtime_ns = read.mtime_ns
        if read.unreadable is not None:
            result.status, result.error = "skipped", read.unreadable
            return result
        if (rel, sha) in self.seen:
            result.status = "unchanged"
            self._fingerprint(result)
            return result
        name = display_name(path.name)
        if self.tables is not None and not self._name_may_belong(name):
            result.status = "skipped"
            return result
        if sha in self.loaded:
            return self._duplicate(result, read.started, t0)
        if sha in waiting:
            return None
        if not read.parsed:  # its twin was quarantined after this file was read
            parse(read, None, self.templates)
            if read.unreadable is not None:
                result.status, result.error = "skipped", read.unreadable
                return result
        result.file_type = read.kind
        recognised = {p.template.table for p in read.plans}
        if read.error is not None:
            # A filtered run only quarantines unrecognised files whose name says they are its
            # tables'; the others are left for a run that asks for them.
            if self.tables is not None and not recognised and not self._name_belongs(name):
                result.status = "skipped"
                return result
            self._quarantine(result, str(read.error), read.started)
            result.seconds = time.perf_counter() - t0
            return result
        if self.tables is not None and not recognised & self.tables:
            result.status = "skipped"
            return result
        plans = [p for p in read.plans if self.tables is None or p.template.table in self.tables]
        weight = sum(
            p.grid.path.stat().st_size if isinstance(p.grid, CsvGrid) else p.grid.table.nbytes for p in plans
        )
        return _Pending(
            read.slot, result, read.started, plans, read.tmp_dir, weight, time.perf_counter() - t0
        )

    def _name_may_belong(self, name: str) -> bool:
        """False when the file name matches templates, but only of tables not asked for."""
        tables = {t.table for t in self.templates if t.file_name.match(name)}
        return not tables or bool(tables & (self.tables or set()))

    def _name_belongs(self, name: str) -> bool:
        return any(t.file_name.match(name) and t.table in (self.tables or set()) for t in self.templates)

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
            plan = pending.plans[j]
            label = pending.result.source_file
            label = label if not plan.grid.sheet else f"{label} (sheet {plan.grid.sheet})"
            if timed_out():
                pending.error = (
                    f"{label}: reading it took longer than {budget:.0f} s, the limit for its size (an export "
                    "this size loads in seconds): refused as damaged; re-export it from the platform"
                )
                return
            pending.error = (
                f"{label}: cannot be read as {plan.grid.kind} with header row {plan.header_row} "
                f"({_first_line(getattr(exc, 'cause', exc))}); expected a well-formed export"
            )
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
        result, rel = pending.result, pending.result.source_file
        if self._changed_since_hashed(pending):
            result.status = "skipped"
            result.error = (
                f"{rel}: changed while it was loaded (still being written?); "
                "skipped, tried again on the next run"
            )
            return result
        try:
            if pending.error:
                raise IngestError(pending.error)
            for j, plan in enumerate(pending.plans):
                batch, k = pending.staged[j]
                if batch.stats[k].damaged:
                    label = rel if not plan.grid.sheet else f"{rel} (sheet {plan.grid.sheet})"
                    raise DamagedIds(excel_damage_message(label, *batch.stats[k].damaged))
        except IngestError as exc:
            self._quarantine(result, str(exc), pending.started)
            result.seconds = pending.seconds + time.perf_counter() - t0
            return result
        return None

    @staticmethod
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
        counts = {p.slot: Counts() for p in loadable}
        self.con.begin()
        try:
            for batch, owners in batches.values():
                files = {k: (p.result.source_file, p.result.sha256) for k, p in owners.items()}
                for k, c in insert_batch(self.con, batch, files).items():
                    counts[owners[k].slot].add(c)
            rows = [self._loaded(p, counts[p.slot]) for p in loadable]
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
        self.con.begin()
        try:
            counts = Counts()
            for batch, k in pending.staged.values():
                counts.add(insert_grid(self.con, batch, k, pending.result.source_file, pending.result.sha256))
            record(self.con, self._loaded(pending, counts))
            self.con.commit()
        except BaseException:
            _rollback(self.con)
            raise
        self._mark_loaded(pending, time.perf_counter() - t0)
        return pending.result

    def _loaded(self, pending: _Pending, counts: Counts) -> ManifestRow:
        """Fill in the result of a loaded file; its manifest row."""
        result, plans = pending.result, pending.plans
        if counts.rows_read != counts.rows_loaded + counts.rows_rejected:
            raise AssertionError(
                f"{result.source_file}: rows_read {counts.rows_read} != loaded {counts.rows_loaded} + "
                f"rejected {counts.rows_rejected}"
            )
        first = plans[0].template
        result.status = "loaded"
        result.table = ",".join(dict.fromkeys(p.template.table for p in plans))
        result.template = ",".join(dict.fromkeys(p.template.template_id for p in plans))
        result.rows_read = counts.rows_read
        result.rows_loaded = counts.rows_loaded
        result.rows_rejected = counts.rows_rejected
        result.total_rows_dropped = counts.total_rows_dropped
        result.unmapped_headers = tuple(
            (f"{p.grid.sheet}: {h}" if len(plans) > 1 else h) for p in plans for h in p.match.unmapped
        )
        return self._manifest_row(result, pending.started, first.platform, first.export_type)

    def _fingerprint(self, result: FileResult) -> None:
        """The manifest holds this file's bytes: remember its size and mtime (saved at the end)."""
        known = self.fingerprints.get(result.source_file)
        row = (result.source_file, result.size, result.mtime_ns, result.sha256)
        if result.mtime_ns and known != row[1:]:
            self.fresh_fingerprints.append(row)

    def _mark_loaded(self, pending: _Pending, seconds: float) -> None:
        result, first = pending.result, pending.plans[0].template
        self._fingerprint(result)
        self.seen.add((result.source_file, result.sha256))
        self.loaded.setdefault(
            result.sha256, (result.table, result.template, first.platform, first.export_type)
        )
        result.seconds = pending.seconds + seconds

    # -- bookkeeping ----------------------------------------------------------------------------

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

    def _duplicate(self, result: FileResult, started: dt.datetime, t0: float) -> FileResult:
        table, template, platform, export_type = self.loaded[result.sha256]
        if self.tables is not None and not set((table or "").split(",")) & self.tables:
            result.status = "skipped"
            return result
        result.status = "duplicate"
        result.table, result.template = table, template
        first_path = min((p for p, s in self.seen if s == result.sha256), default="an earlier file")
        result.error = f"same bytes as {first_path}, already loaded"
        # One INSERT is its own transaction.
        record(self.con, self._manifest_row(result, started, platform, export_type))
        self._fingerprint(result)
        self.seen.add((result.source_file, result.sha256))
        result.seconds = time.perf_counter() - t0
        return result

    def _quarantine(self, result: FileResult, message: str, started: dt.datetime) -> None:
        try:
            target = quarantine_file(result.path, result.source_file, self.quarantine, message, result.sha256)
        except FileNotFoundError:
            # Moved away by a person while the run read it: nothing to set aside, nothing recorded.
            result.status = "skipped"
            result.error = (
                f"{result.source_file}: moved or deleted during the run; tried again if it comes back"
            )
            return
        except OSError as exc:
            # Cannot be moved (permissions, a full disk): recorded, left in place, tried next run.
            target = None
            message = f"{message}\n(could not be moved to the quarantine folder: {exc.strerror or exc})"
        result.status = "quarantined"
        result.error = message
        result.quarantined_to = target
        result.rows_read = result.rows_loaded = result.rows_rejected = 0
        result.total_rows_dropped = 0
        record(self.con, self._manifest_row(result, started, None, None))


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
) -> IngestReport:
    """Load every new file under `landing` into `warehouse`; move unreadable files to `quarantine`.

    `tables` limits the run to files recognised for those raw tables (`<platform>__<export_type>`).
    A file whose size and modification time are those recorded when its bytes were loaded is taken
    as unchanged without reading it; `rehash` reads and hashes every file regardless.
    """
    t0 = time.perf_counter()
    landing, warehouse, quarantine = Path(landing), Path(warehouse), Path(quarantine)
    templates = tuple(templates or default_templates())
    report = IngestReport(landing=landing, warehouse=warehouse)
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("SET enable_progress_bar = false")
        # Checkpoint once at the end, not every 16 MB of WAL: a daily history is thousands of files.
        con.execute("SET checkpoint_threshold = '1GB'")
        for setting, value in duckdb_settings().items():
            con.execute(f"SET {setting} = {quote_literal(value)}")
        prepare_warehouse(con, templates)
        with scratch_dir(warehouse) as tmp:
            run = _Run(con, landing, quarantine, templates, tables, tmp, rehash)
            report.files = _links_skipped(landing) + run.ingest_files(discover(landing))
            save_fingerprints(con, run.fresh_fingerprints)
    finally:
        con.close()
    report.seconds = time.perf_counter() - t0
    return report
