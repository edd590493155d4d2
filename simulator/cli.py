"""`omnichannel simulate`: write sample platform exports and their answer key."""

from __future__ import annotations

import argparse

from simulator.profiles import PROFILES
from simulator.scales import SCALES


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("simulate", help="write simulated platform exports and the answer key")
    p.add_argument("--scale", choices=sorted(SCALES), default="tiny")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--out", required=True, help="landing folder for the exports")
    p.add_argument("--answer-key", required=True, dest="answer_key", help="folder for the Parquet answer key")
    p.add_argument(
        "--start", default=None, help="first day (YYYY-MM-DD); default: the window ending yesterday"
    )
    p.add_argument("--days", type=int, default=None, help="number of days (default per scale)")
    p.add_argument("--workers", type=int, default=None, help="writer processes (default per scale)")
    p.add_argument(
        "--profile",
        choices=list(PROFILES),
        default="complete",
        help="which reports the shop downloads: complete (all, full headers) or partial (real shops' gaps)",
    )
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from simulator.api import simulate

    r = simulate(
        scale=args.scale,
        seed=args.seed,
        out=args.out,
        answer_key=args.answer_key,
        start=args.start,
        days=args.days,
        workers=args.workers,
        progress=True,
        profile=args.profile,
    )
    print(
        f"simulated {r.start}..{r.end}: {r.orders} orders, {r.order_lines} order lines, "
        f"{r.files} files ({r.profile} profile) in {r.seconds:.1f}s -> {r.out} (answer key {r.answer_key})"
    )
    return 0
