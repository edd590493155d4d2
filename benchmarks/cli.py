"""`omnichannel bench`: benchmark the pipeline on a simulation (benchmarks/results/README.md)."""

from __future__ import annotations

import argparse
from pathlib import Path

from omnichannel_config.values import argument, parse_count, parse_date, parse_days, parse_size


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "bench",
        help="time and peak memory of every stage on a simulation, with reference measurements",
        description="Simulate, ingest, dbt build, quality checks and publish, each in its own process "
        "(wall time and peak RSS), plus bare read_csv / bare SQL references and a daily increment. "
        "Writes benchmarks/results/latest.json and latest.md.",
    )
    p.add_argument("--scale", default="large", choices=["tiny", "demo", "large"], help="default: large")
    p.add_argument("--workdir", type=Path, default=None, help="default: data/bench/<scale>")
    p.add_argument("--seed", type=int, default=None, help="simulation seed (default 20261122)")
    p.add_argument(
        "--start",
        type=argument(parse_date),
        default=None,
        help="first simulated day (default fixed per scale)",
    )
    p.add_argument(
        "--days", type=argument(parse_days), default=None, help="simulated days (default: the scale's)"
    )
    p.add_argument(
        "--memory-limit", type=argument(parse_size), default="4GB", help="DuckDB memory_limit (default 4GB)"
    )
    p.add_argument("--dbt-threads", type=argument(parse_count), default=4, help="dbt threads (default 4)")
    p.add_argument(
        "--reuse-simulation",
        action="store_true",
        help="keep the simulation of a previous bench with the same parameters (its time is reused)",
    )
    p.add_argument("--results-dir", type=Path, default=None, help="default: benchmarks/results")
    p.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    from benchmarks.run import DEFAULT_SEED, RESULTS_DIR, Options, run_benchmark, to_markdown

    opts = Options(
        scale=args.scale,
        workdir=args.workdir,
        seed=DEFAULT_SEED if args.seed is None else args.seed,
        start=None if args.start is None else args.start.isoformat(),
        days=args.days,
        memory_limit=args.memory_limit,
        dbt_threads=args.dbt_threads,
        reuse_simulation=args.reuse_simulation,
        results_dir=args.results_dir or RESULTS_DIR,
    )
    results = run_benchmark(opts)
    print(to_markdown(results))
    return 0


def main(argv: list[str] | None = None) -> int:
    """`python -m benchmarks.cli …` works before the lead wires `bench` into `omnichannel`."""
    parser = argparse.ArgumentParser(prog="omnichannel")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["bench", *(argv or [])] if argv is not None else None)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
