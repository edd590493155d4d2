"""Entry point of the `omnichannel` console script.

Each stage registers its own subcommand, and a subcommand imports its stage only when it runs, so
`omnichannel simulate` does not pay for importing Dagster or dbt.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# subcommand -> module with `register(subparsers)`
SUBCOMMANDS = {
    "simulate": "simulator.cli",
    "ingest": "ingestion.cli",
    "run": "orchestration.cli",
    "bench": "benchmarks.cli",
    "dbt": "omnichannel_cli.dbt",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="omnichannel",
        description="Omnichannel ELT warehouse: simulate exports, ingest them, build and publish.",
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_name in SUBCOMMANDS.values():
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
