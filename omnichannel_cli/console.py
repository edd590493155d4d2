"""What a long command shows on the console: a summary line per stage for people, a progress bar on a
terminal, warnings and errors in one line each; everything else (Dagster's events, dbt's per-node
lines, library chatter) goes to a log file under the data folder.

`make demo` used to print ~2,800 lines of DEBUG events and dbt node lines with ANSI colours; the same
detail is in the log file, and in Dagster's event log when DAGSTER_HOME is set.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from tqdm import tqdm

KEEP_LOGS = 30  # run logs kept in the logs folder; older ones are removed when a run starts
_LEVELS_CN = {logging.WARNING: "警告 warning", logging.ERROR: "错误 error", logging.CRITICAL: "错误 error"}
_FILE_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"
# Loggers whose DEBUG records the log file keeps: the run's Dagster events (its DEBUG level is where
# Dagster logs step starts and outputs) and ingestion's per-file records. Other libraries log from
# INFO: at DEBUG some (the Excel reader) write lines per sheet and slow the run.
DEBUG_LOGGERS = ("omnichannel", "ingestion")


def is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


@dataclass
class Console:
    """Lines for people on `stream` (also written to the log file), and progress bars when `stream`
    is a terminal: a pipe or a file gets no bars and no escape codes."""

    stream: TextIO
    log_file: Path | None = None
    _bars: list[tqdm] = field(default_factory=list)
    _log: logging.Logger = field(default_factory=lambda: logging.getLogger("omnichannel.console"))

    def say(self, text: str) -> None:
        self._log.info(text)
        if self._bars:
            tqdm.write(text, file=self.stream)
        else:
            print(text, file=self.stream, flush=True)

    def bar(self, total: int | None, label: str) -> tqdm | None:
        """A progress bar of `total` steps, or None off a terminal (callers skip updates on None)."""
        if not is_terminal(self.stream):
            return None
        bar = tqdm(total=total, desc=label, file=self.stream, leave=True, dynamic_ncols=True, unit="")
        self._bars.append(bar)
        return bar

    def close_bar(self, bar: tqdm | None) -> None:
        if bar is not None:
            bar.close()
            self._bars.remove(bar)


class OneLineFormatter(logging.Formatter):
    """`警告 warning: <where>: <first line>`: a traceback or a long Dagster message stays in the log file."""

    def format(self, record: logging.LogRecord) -> str:
        meta = getattr(record, "dagster_meta", None)
        if isinstance(meta, dict):
            where = meta.get("step_key") or meta.get("job_name") or record.name
            text = f"{where}: {meta.get('orig_message') or record.getMessage()}"
        else:
            text = f"{record.name}: {record.getMessage()}"
        first = next((line for line in text.splitlines() if line.strip()), text)
        return f"{_LEVELS_CN.get(record.levelno, record.levelname)}: {first[:400]}"


def new_log_file(logs_dir: Path, command: str) -> Path:
    """logs_dir/<command>-<time>.log; the oldest beyond KEEP_LOGS are removed."""
    logs_dir.mkdir(parents=True, exist_ok=True)
    old = sorted(logs_dir.glob(f"{command}-*.log"))
    for path in old[: max(0, len(old) - KEEP_LOGS + 1)]:
        path.unlink(missing_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return logs_dir / f"{command}-{stamp}.log"


@contextlib.contextmanager
def quiet_console(
    log_file: Path,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    hide: Callable[[logging.LogRecord], bool] | None = None,
) -> Iterator[Console]:
    """For the duration: every log record (INFO up; DEBUG up from DEBUG_LOGGERS) and everything
    printed to stdout (dagster-dbt echoes each dbt event there) goes to `log_file`; the console gets
    records from WARNING up in one line each (but those `hide` says the caller reports itself), and
    what the returned Console says. The previous logging setup is put back."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    root = logging.getLogger()
    saved = (root.level, list(root.handlers))
    ours = {name: logging.getLogger(name).level for name in DEBUG_LOGGERS}
    file_handler = logging.FileHandler(log_file, encoding="utf-8")
    file_handler.setFormatter(logging.Formatter(_FILE_FORMAT))
    file_handler.setLevel(logging.DEBUG)
    console_handler = logging.StreamHandler(stderr)
    console_handler.setFormatter(OneLineFormatter())
    console_handler.setLevel(logging.WARNING)
    console_handler.addFilter(lambda record: not _for_file_only(record) and not (hide and hide(record)))
    root.handlers = [file_handler, console_handler]
    root.setLevel(logging.INFO)
    for name in ours:
        logging.getLogger(name).setLevel(logging.DEBUG)
    logging.captureWarnings(True)
    saved_hook = sys.unraisablehook
    # "Exception ignored in <generator …>" (a library cleaning up after a failed step) is a
    # traceback for the log file, not the console.
    sys.unraisablehook = _log_unraisable
    with open(log_file, "a", buffering=1, encoding="utf-8") as printed:
        try:
            with contextlib.redirect_stdout(printed):
                yield Console(stream=stdout, log_file=log_file)
        finally:
            sys.unraisablehook = saved_hook
            logging.captureWarnings(False)
            file_handler.close()
            root.setLevel(saved[0])
            for name, level in ours.items():
                logging.getLogger(name).setLevel(level)
            root.handlers = saved[1]


def _for_file_only(record: logging.LogRecord) -> bool:
    """Python warnings (library deprecations), and what libraries log through Dagster's own
    loggers: inside a run Dagster records those again as run events, which the console shows."""
    return record.name.startswith(("py.warnings", "dagster"))


def _log_unraisable(unraisable) -> None:
    logging.getLogger("omnichannel.unraisable").debug(
        "exception ignored in %r",
        unraisable.object,
        exc_info=(unraisable.exc_type, unraisable.exc_value, None),
    )


class _IngestProgress(logging.Handler):
    """A bar of the files ingestion reads, from its `ingest_files_total` / `ingest_file_read` records."""

    def __init__(self, console: Console):
        super().__init__(level=logging.DEBUG)
        self.console = console
        self.bar: tqdm | None = None

    def emit(self, record: logging.LogRecord) -> None:
        total = getattr(record, "ingest_files_total", None)
        if total is not None:
            self.console.close_bar(self.bar)
            self.bar = self.console.bar(total, "导入 ingest")
        elif getattr(record, "ingest_file_read", False) and self.bar is not None:
            self.bar.update(1)


@contextlib.contextmanager
def ingest_progress(stream: TextIO) -> Iterator[None]:
    """A progress bar of ingestion's files on `stream` when it is a terminal; nothing otherwise."""
    if not is_terminal(stream):
        yield
        return
    logger = logging.getLogger("ingestion.load")
    handler = _IngestProgress(Console(stream=stream))
    saved = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(saved)
        handler.console.close_bar(handler.bar)
