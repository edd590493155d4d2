"""Phase A on a reader thread: hash, read and plan the next files while DuckDB loads a chunk.

Reading a file (hashing, decoding GB18030, opening workbooks, finding the header row) is Python and
Rust work that needs no warehouse state; staging and inserting a chunk is DuckDB work that releases
the GIL. Overlapping them keeps both cores busy. The thread only reads: every decision that depends on
the manifest (unchanged, duplicate, waiting) is still taken in order on the loading thread.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ingestion.errors import IngestError
from ingestion.names import display_name, relative_name
from ingestion.plan import Plan, plan_grids
from ingestion.readers import CsvGrid, check_line_width, read_grids
from ingestion.templates import Template

# Files read ahead of the loader at most; each holds its grids (workbooks as Arrow tables).
DEPTH = 16


@dataclass
class FileRead:
    """What phase A found out about one file without looking at the warehouse."""

    slot: int
    path: Path
    rel: str
    sha256: str
    size: int
    started: dt.datetime
    tmp_dir: Path
    mtime_ns: int = 0  # when it was hashed (or found unchanged)
    seconds: float = 0.0
    parsed: bool = False  # False: the bytes were known, so the file was not opened
    kind: str | None = None
    plans: list[Plan] = field(default_factory=list)
    error: IngestError | None = None
    # Why the file could not even be read as bytes (moved away, still being written, not
    # readable): it is skipped, not quarantined, and tried again on the next run.
    unreadable: str | None = None


def read_file(
    slot: int,
    path: Path,
    landing: Path,
    tmp: Path,
    templates: tuple[Template, ...],
    worth_parsing: Callable[[str, str, str], bool],
    known_sha: Callable[[str, int, int], str | None] = lambda rel, size, mtime_ns: None,
) -> FileRead:
    """Hash `path`; unless `worth_parsing(rel, sha, name)` says its bytes are known, read its grids
    and plan them (an unreadable file's error is kept, not raised). When `known_sha(rel, size,
    mtime_ns)` vouches for the file as it stands, it is not even read."""
    t0 = time.perf_counter()
    started = dt.datetime.now(dt.UTC)
    rel = relative_name(path, landing)
    try:
        st = path.stat()  # before reading: a file changed after this has a newer mtime next time
        sha = known_sha(rel, st.st_size, st.st_mtime_ns)
        if sha is not None:
            read = FileRead(slot, path, rel, sha, st.st_size, started, tmp / f"f{slot}", st.st_mtime_ns)
            read.seconds = time.perf_counter() - t0
            return read
        data = path.read_bytes()
        after = path.stat()
    except FileNotFoundError:
        return _unreadable(slot, path, rel, started, tmp, "moved or deleted after it was listed")
    except OSError as exc:
        return _unreadable(slot, path, rel, started, tmp, f"cannot be read ({exc.strerror or exc})")
    if (after.st_size, after.st_mtime_ns) != (st.st_size, st.st_mtime_ns) or len(data) != st.st_size:
        # Hashing one size and loading another would record bytes that were never loaded (and load
        # the rest again next run): a file still being written waits for a run that finds it still.
        return _unreadable(
            slot, path, rel, started, tmp, "still being written (it changed while it was read)"
        )
    sha = hashlib.sha256(data).hexdigest()
    read = FileRead(slot, path, rel, sha, len(data), started, tmp / f"f{slot}", st.st_mtime_ns)
    if worth_parsing(rel, sha, display_name(path.name)):
        parse(read, data, templates)
    read.seconds = time.perf_counter() - t0
    return read


def _unreadable(slot: int, path: Path, rel: str, started: dt.datetime, tmp: Path, why: str) -> FileRead:
    read = FileRead(slot, path, rel, "", 0, started, tmp / f"f{slot}")
    read.unreadable = f"{rel}: {why}; skipped, tried again on the next run"
    return read


def parse(read: FileRead, data: bytes | None, templates: tuple[Template, ...]) -> None:
    """Read the grids of `read` and plan them; an IngestError is kept on `read.error`."""
    t0 = time.perf_counter()
    read.parsed = True
    try:
        data = read.path.read_bytes() if data is None else data
    except OSError as exc:
        read.unreadable = (
            f"{read.rel}: cannot be read again ({exc.strerror or exc}); skipped, tried again on the next run"
        )
        return
    try:
        read.kind, grids = read_grids(data, read.path, read.rel, read.tmp_dir)
        read.plans = plan_grids(read.kind, grids, read.path, read.rel, templates)
        for plan in read.plans:
            if isinstance(plan.grid, CsvGrid):
                check_line_width(plan.grid, data, read.path, plan.width, plan.delimiter, read.rel)
    except IngestError as exc:
        read.error = exc
    except Exception as exc:  # a reader's own failure on one file must not stop the others
        read.error = IngestError(
            f"{read.rel}: cannot be read ({type(exc).__name__}: {str(exc).strip()[:300]}); "
            "expected an export as downloaded from the platform"
        )
    read.seconds += time.perf_counter() - t0


def read_ahead(
    items: Iterable[tuple[int, Path]], reader: Callable[[int, Path], FileRead]
) -> Iterator[FileRead]:
    """`reader(slot, path)` for every item, in order, run up to DEPTH files ahead on a thread.

    An exception in the reader is raised here, at the file it happened on; leaving the loop early
    stops the thread."""
    out: queue.Queue = queue.Queue(maxsize=DEPTH)
    stop = threading.Event()
    done = object()

    def put(value: object) -> bool:
        while not stop.is_set():
            try:
                out.put(value, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def work() -> None:
        try:
            for slot, path in items:
                if stop.is_set() or not put(reader(slot, path)):
                    return
        except BaseException as exc:  # handed to the loading thread, raised there
            put(exc)
            return
        put(done)

    thread = threading.Thread(target=work, name="omni-ingest-reader", daemon=True)
    thread.start()
    try:
        while True:
            value = out.get()
            if value is done:
                return
            if isinstance(value, BaseException):
                raise value
            yield value
    finally:
        stop.set()
        thread.join()
