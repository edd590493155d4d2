"""`omnichannel simulate`: write sample platform exports and their answer key."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from omnichannel_config.values import argument, parse_count, parse_date, parse_days
from simulator.profiles import PROFILES
from simulator.scales import SCALES


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("simulate", help="write simulated platform exports and the answer key")
    p.add_argument("--scale", choices=sorted(SCALES), default="tiny")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", required=True, help="landing folder for the exports")
    p.add_argument("--answer-key", required=True, dest="answer_key", help="folder for the Parquet answer key")
    p.add_argument(
        "--start",
        type=argument(parse_date),
        default=None,
        help="first day (YYYY-MM-DD); default: the window ending yesterday",
    )
    p.add_argument(
        "--days", type=argument(parse_days), default=None, help="number of days (default per scale)"
    )
    p.add_argument(
        "--workers", type=argument(parse_count), default=None, help="writer processes (default per scale)"
    )
    p.add_argument(
        "--profile",
        choices=list(PROFILES),
        default="complete",
        help="which reports the shop downloads: complete (all, full headers) or partial (real shops' gaps)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from omnichannel_cli.console import is_terminal
    from omnichannel_config import SettingsError
    from omnichannel_config.preflight import unwritable

    problems = [
        unwritable(Path(args.out).absolute(), "--out"),
        unwritable(Path(args.answer_key).absolute(), "--answer-key"),
    ]
    if any(problems):  # before any work: a simulation runs a while before it writes
        raise SettingsError(*filter(None, problems))
    from simulator.api import simulate  # slow to import: after the checks

    r = simulate(
        scale=args.scale,
        seed=args.seed,
        out=args.out,
        answer_key=args.answer_key,
        start=args.start,
        days=args.days,
        workers=args.workers,
        progress=is_terminal(sys.stderr),  # bars on a terminal; a log file gets the summary line
        profile=args.profile,
    )
    print(
        f"simulated {r.start}..{r.end}: {r.orders} orders, {r.order_lines} order lines, "
        f"{r.files} files ({r.profile} profile) in {r.seconds:.1f}s -> {r.out} (answer key {r.answer_key})"
    )
    return 0
