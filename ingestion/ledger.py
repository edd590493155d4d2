"""Which files of a run are new, and what the run records about each.

The chunk pipeline (`load.py`) reads, stages and inserts; the ledger answers the questions around it
from the manifest index (`ManifestIndex`): is this file unchanged, a duplicate, for another table, or
to be loaded; and it keeps the books: a file's result and manifest row when it is loaded, recorded as
a duplicate or quarantined, and the size and mtime of every file whose bytes the manifest holds
(saved at the end of the run).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from ingestion.manifest import LoadedAs, ManifestIndex, ManifestRow, record, save_fingerprints
from ingestion.names import display_name
from ingestion.plan import Plan
from ingestion.quarantine import quarantine_file
from ingestion.read_ahead import FileRead, parse
from ingestion.report import FileResult, RowCounts
from ingestion.templates import Template


@dataclass(frozen=True)
class Selection:
    """The raw tables a run was asked for (None: every table) and the templates that tell which
    tables a file name or a grid belongs to."""

    templates: tuple[Template, ...]
    tables: set[str] | None = None

    def wants(self, tables: Iterable[str]) -> bool:
        """Any of these tables was asked for."""
        return self.tables is None or bool(set(tables) & self.tables)

    def name_may_belong(self, name: str) -> bool:
        """False when the file name matches templates, but only of tables not asked for."""
        if self.tables is None:
            return True
        matched = {t.table for t in self.templates if t.file_name.match(name)}
        return not matched or bool(matched & self.tables)

    def name_belongs(self, name: str) -> bool:
        """The file name matches a template of a table asked for (any name, in a run of every table)."""
        return self.wants({t.table for t in self.templates if t.file_name.match(name)})

    def plans(self, plans: Sequence[Plan]) -> list[Plan]:
        return [p for p in plans if self.wants([p.template.table])]


class Ledger:
    """The run's books: the manifest index, extended by what the run records, and the fingerprints
    it will save."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, index: ManifestIndex, selection: Selection, quarantine: Path
    ):
        self.con = con
        self.index = index
        self.selection = selection
        self.quarantine_dir = quarantine
        self.fresh_fingerprints: list[tuple[str, int, int, str]] = []

    # -- asked on the reader thread: the index only grows, so what is known there stays known ----

    def worth_parsing(self, rel: str, sha: str, name: str) -> bool:
        return not self.index.holds(rel, sha) and self.selection.name_may_belong(name)

    def known_sha(self, rel: str, size: int, mtime_ns: int) -> str | None:
        return self.index.known_sha(rel, size, mtime_ns)

    # -- decided in order on the loading thread --------------------------------------------------

    def triage(self, read: FileRead, waiting: set[str]) -> FileResult | None:
        """A file's result when it is decided without loading it (its status set: skipped, unchanged,
        duplicate or quarantined); a result with an empty status when it is to be loaded (its plans:
        `selection.plans(read.plans)`); None when the same bytes wait in the chunk (it waits for the
        next pass)."""
        rel, sha, path, tables = read.rel, read.sha256, read.path, self.selection.tables
        result = FileResult(path=path, source_file=rel, sha256=sha, size=read.size, status="")
        result.mtime_ns = read.mtime_ns
        if read.unreadable is not None:
            result.status, result.error = "skipped", read.unreadable
            return result
        if self.index.is_recorded(rel, sha):
            result.status = "unchanged"
            self._fingerprint(result)
            return result
        name = display_name(path.name)
        if not self.selection.name_may_belong(name):
            result.status = "skipped"
            return result
        loaded_as = self.index.loaded_as(sha)
        if loaded_as is not None:
            return self._duplicate(result, loaded_as, read.started)
        if sha in waiting:
            return None
        if not read.parsed:  # its twin was quarantined after this file was read
            parse(read, None, self.selection.templates)
            if read.unreadable is not None:
                result.status, result.error = "skipped", read.unreadable
                return result
        result.file_type = read.kind
        recognised = {p.template.table for p in read.plans}
        if read.error is not None:
            # A filtered run only quarantines unrecognised files whose name says they are its
            # tables'; the others are left for a run that asks for them.
            if tables is not None and not recognised and not self.selection.name_belongs(name):
                result.status = "skipped"
                return result
            self.quarantine(result, str(read.error), read.started)
            return result
        if not self.selection.wants(recognised):
            result.status = "skipped"
        return result

    # -- the books -------------------------------------------------------------------------------

    def loaded(
        self, result: FileResult, plans: Sequence[Plan], counts: RowCounts, started: dt.datetime
    ) -> ManifestRow:
        """Fill in the result of a file whose rows were inserted; its manifest row (to record in the
        same transaction)."""
        result.counts = counts.checked(result.source_file)
        result.status = "loaded"
        result.table = ",".join(dict.fromkeys(p.template.table for p in plans))
        result.template = ",".join(dict.fromkeys(p.template.template_id for p in plans))
        result.unmapped_headers = tuple(
            (f"{p.grid.sheet}: {h}" if len(plans) > 1 else h) for p in plans for h in p.match.unmapped
        )
        first = plans[0].template
        return _row(result, started, first.platform, first.export_type)

    def mark_loaded(self, result: FileResult, plans: Sequence[Plan]) -> None:
        """The loaded file's transaction committed: later files with its bytes are duplicates."""
        first = plans[0].template
        self._fingerprint(result)
        loaded_as = LoadedAs(result.table, result.template, first.platform, first.export_type)
        self.index.note(result.source_file, result.sha256, loaded_as)

    def _duplicate(self, result: FileResult, loaded_as: LoadedAs, started: dt.datetime) -> FileResult:
        if not self.selection.wants((loaded_as.table or "").split(",")):
            result.status = "skipped"
            return result
        result.status = "duplicate"
        result.table, result.template = loaded_as.table, loaded_as.template
        first_path = self.index.first_path(result.sha256) or "an earlier file"
        result.error = f"same bytes as {first_path}, already loaded"
        # One INSERT is its own transaction.
        record(self.con, _row(result, started, loaded_as.platform, loaded_as.export_type))
        self._fingerprint(result)
        self.index.note(result.source_file, result.sha256)
        return result

    def quarantine(self, result: FileResult, message: str, started: dt.datetime) -> None:
        """Move the file to the quarantine folder with its error file, and record it."""
        try:
            target = quarantine_file(
                result.path, result.source_file, self.quarantine_dir, message, result.sha256
            )
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
        result.counts = RowCounts()
        record(self.con, _row(result, started, None, None))

    def _fingerprint(self, result: FileResult) -> None:
        """The manifest holds this file's bytes: remember its size and mtime (saved at the end)."""
        if result.mtime_ns and self.index.fingerprint_is_new(
            result.source_file, result.size, result.mtime_ns, result.sha256
        ):
            self.fresh_fingerprints.append((result.source_file, result.size, result.mtime_ns, result.sha256))

    def save_fingerprints(self) -> None:
        save_fingerprints(self.con, self.fresh_fingerprints)


def _row(
    result: FileResult, started: dt.datetime, platform: str | None, export_type: str | None
) -> ManifestRow:
    return ManifestRow(result, started, dt.datetime.now(dt.UTC), platform, export_type)
