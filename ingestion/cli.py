"""`omnichannel ingest`: load the landing folder into the warehouse and print what happened."""

from __future__ import annotations

import argparse
import errno
import re
import sys
import unicodedata
from pathlib import Path
from typing import TextIO


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "ingest",
        help="load platform exports from the landing folder into raw tables",
        description=(
            "Load every new export file under the landing folder into raw.<platform>__<export_type> "
            "tables. Unreadable files are moved to the quarantine folder with an .error.txt beside "
            "them. Exit codes: 0 done, 1 done with files quarantined, 2 wrong setting or argument "
            "(nothing done), 3 the run could not complete (warehouse in use, disk full, crash)."
        ),
    )
    parser.add_argument("--landing", type=Path, help="folder of exports (OMNI_LANDING_DIR)")
    parser.add_argument("--warehouse", type=Path, help="DuckDB file (OMNI_WAREHOUSE)")
    parser.add_argument("--quarantine", type=Path, help="folder for bad files (OMNI_QUARANTINE_DIR)")
    parser.add_argument(
        "--table",
        action="append",
        dest="tables",
        metavar="PLATFORM__EXPORT",
        help="only files of this raw table (repeatable), e.g. tmall__orders",
    )
    parser.add_argument(
        "--rehash",
        action="store_true",
        help="read and hash every file, even those whose size and modification time are unchanged",
    )
    parser.add_argument("--quiet", action="store_true", help="print only problems and totals")
    # --debug (show the traceback of a failed run) is added by `omnichannel` to every subcommand.
    parser.set_defaults(func=run)
    return parser


# Exit codes a scheduler can act on.
EXIT_OK = 0
EXIT_QUARANTINED = 1  # the run went through; some files were set aside (see their .error.txt)
EXIT_USAGE = 2  # a setting or argument is wrong: nothing was done
EXIT_FAILED = 3  # the run could not complete (warehouse in use, disk full, a crash): fix and re-run


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from ingestion.load import ingest
    from ingestion.run_lock import RunLockHeld, run_lock
    from omnichannel_cli.console import ingest_progress
    from omnichannel_config import SettingsError, load_settings
    from omnichannel_config.preflight import unwritable

    out = out or sys.stdout
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    paths = settings.paths
    landing = args.landing or paths.landing_dir
    if not Path(landing).is_dir():
        source = "--landing" if args.landing else "OMNI_LANDING_DIR (or OMNI_DATA_DIR)"
        print(
            f"error: the landing folder {landing} does not exist; set {source} to the folder of exports",
            file=sys.stderr,
        )
        return EXIT_USAGE
    warehouse = Path(args.warehouse or paths.warehouse).absolute()
    quarantine = Path(args.quarantine or paths.quarantine_dir).absolute()
    problems = [
        unwritable(warehouse, "--warehouse" if args.warehouse else "OMNI_WAREHOUSE", "file"),
        unwritable(quarantine, "--quarantine" if args.quarantine else "OMNI_QUARANTINE_DIR"),
    ]
    for problem in filter(None, problems):
        print(f"error: {problem}", file=sys.stderr)
    if any(problems):
        return EXIT_USAGE
    try:
        with run_lock(warehouse, "omnichannel ingest"), ingest_progress(sys.stderr):
            report = ingest(
                landing=landing,
                warehouse=warehouse,
                quarantine=quarantine,
                tables=set(args.tables) if getattr(args, "tables", None) else None,
                rehash=getattr(args, "rehash", False),
                duckdb_settings=settings.duckdb,
            )
    except RunLockHeld as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:
        print(f"error: {failure_message(exc, warehouse)}", file=sys.stderr)
        if getattr(args, "debug", False):
            raise
        print(
            "files of an unfinished chunk are not loaded: re-run once fixed (--debug shows the traceback)",
            file=sys.stderr,
        )
        return EXIT_FAILED
    print_report(report, out, quiet=getattr(args, "quiet", False))
    return EXIT_OK if report.ok else EXIT_QUARANTINED


def failure_message(exc: BaseException, warehouse: Path) -> str:
    """The real cause first, in one line: a held lock names its process, a full disk says so."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    if "Conflicting lock" in text or "Could not set lock" in text:
        pid = re.search(r"PID (\d+)", text)
        holder = f"process {pid.group(1)}" if pid else "another process"
        return (
            f"the warehouse {warehouse} is in use by {holder} (one writer at a time: a run, an ingest or "
            "dbt); wait for it to finish, then re-run"
        )
    if "No space left on device" in text or getattr(exc, "errno", None) == errno.ENOSPC:
        return (
            f"no space left on the device of {warehouse} or of its temp folder; free space, then re-run "
            f"({text[:200]})"
        )
    return f"{type(exc).__name__}: {text[:500]}"


def print_report(report, out: TextIO, quiet: bool = False) -> None:
    rows = [
        (f.source_file, f.template or "-", f.status, f.rows_read, f.rows_loaded, f.rows_rejected)
        for f in report.files
        if not quiet or f.status in ("quarantined",) or f.rows_rejected
    ]
    head = ("file", "template", "status", "read", "loaded", "rejected")
    widths = [min(60, max([_width(str(h))] + [_width(str(r[i])) for r in rows])) for i, h in enumerate(head)]

    def line(cells) -> str:
        parts = []
        for i, (cell, w) in enumerate(zip(cells, widths, strict=True)):
            text = str(cell)
            while _width(text) > w:
                text = "…" + text[2:]
            pad = " " * (w - _width(text))
            parts.append(pad + text if i >= 3 else text + pad)
        return "  ".join(parts).rstrip()

    print(line(head), file=out)
    print("  ".join("-" * w for w in widths), file=out)
    for r in rows:
        print(line(r), file=out)
    t = report.totals()
    counts: dict[str, int] = {}
    for f in report.files:
        counts[f.status] = counts.get(f.status, 0) + 1
    print("", file=out)
    print(
        f"{len(report.files)} files ("
        + ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        + f") in {report.seconds:.1f}s; rows read {t.rows_read}, loaded {t.rows_loaded}, "
        f"rejected {t.rows_rejected}, total rows dropped {t.total_rows_dropped}",
        file=out,
    )
    for f in report.files:
        if f.status == "skipped" and f.error:
            print(f"SKIPPED {f.error}", file=out)
    for f in report.quarantined:
        print(f"QUARANTINED {f.source_file} -> {f.quarantined_to}\n  {f.error}", file=out)
    if report.quarantined:
        print(
            f"{len(report.quarantined)} file(s) quarantined: read the .error.txt beside each one.",
            file=out,
        )


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ingestion.cli")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub).add_argument("--debug", action="store_true", help="show the traceback of a failed run")
    args = parser.parse_args(["ingest", *(argv if argv is not None else sys.argv[1:])])
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
