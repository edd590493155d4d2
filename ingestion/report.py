"""What a run did: one FileResult per file found, totals per raw table, and the one record of a file's
row counts (`RowCounts`) that inserts return, results carry, totals add up and the manifest stores."""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path


class RowCountMismatch(Exception):
    """A file's rows read are not its rows loaded plus its rows rejected: the loader lost count (a
    bug in the loader, not in the file). Raised before the file's transaction commits."""


@dataclass(frozen=True)
class RowCounts:
    """Rows of one file (or grid, or table): read = loaded + rejected; total rows are counted apart."""

    rows_read: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    total_rows_dropped: int = 0

    def __add__(self, other: RowCounts) -> RowCounts:
        return RowCounts(
            self.rows_read + other.rows_read,
            self.rows_loaded + other.rows_loaded,
            self.rows_rejected + other.rows_rejected,
            self.total_rows_dropped + other.total_rows_dropped,
        )

    def checked(self, source_file: str) -> RowCounts:
        """These counts, once `rows_read = rows_loaded + rows_rejected` holds; RowCountMismatch naming
        the file and the numbers when it does not."""
        accounted = self.rows_loaded + self.rows_rejected
        if self.rows_read != accounted:
            raise RowCountMismatch(
                f"{source_file}: {self.rows_read} rows read but {self.rows_loaded} loaded + "
                f"{self.rows_rejected} rejected = {accounted} ({self.rows_read - accounted:+d} unaccounted); "
                "nothing of it was committed. This is a fault of the loader, not of the file: keep the "
                "file, re-run with --debug and report the traceback"
            )
        return self


class _Counted:
    """The counts of a result or a total, readable as attributes of their own (`f.rows_loaded`)."""

    counts: RowCounts
    rows_read = property(attrgetter("counts.rows_read"))
    rows_loaded = property(attrgetter("counts.rows_loaded"))
    rows_rejected = property(attrgetter("counts.rows_rejected"))
    total_rows_dropped = property(attrgetter("counts.total_rows_dropped"))


@dataclass
class FileResult(_Counted):
    path: Path
    source_file: str  # relative to the landing folder
    sha256: str
    size: int
    status: str  # loaded / duplicate / quarantined, or unchanged / skipped (not recorded)
    table: str | None = None
    template: str | None = None
    file_type: str | None = None
    counts: RowCounts = RowCounts()  # of a loaded file; zero otherwise
    error: str | None = None
    quarantined_to: Path | None = None
    unmapped_headers: tuple[str, ...] = ()
    seconds: float = 0.0
    mtime_ns: int = 0  # the file's modification time when it was hashed


@dataclass
class TableTotals(_Counted):
    files: int = 0
    counts: RowCounts = RowCounts()


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
        """Totals per raw table over the files loaded in this run (a workbook of several tables counts
        as a file of each, its rows under the first)."""
        out: dict[str, TableTotals] = {}
        for f in self.loaded:
            tables = (f.table or "").split(",")
            for table in tables:
                out.setdefault(table, TableTotals()).files += 1
            out[tables[0]].counts += f.counts
        return dict(sorted(out.items()))

    def totals(self) -> TableTotals:
        return TableTotals(len(self.loaded), sum((f.counts for f in self.loaded), RowCounts()))
