"""What a run did: one FileResult per file found, totals per raw table."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


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
    mtime_ns: int = 0  # the file's modification time when it was hashed


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
