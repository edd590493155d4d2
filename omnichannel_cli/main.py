"""Entry point of the `omnichannel` console script.

Each stage registers its own subcommand, and a subcommand imports its stage only when it runs, so
`omnichannel simulate` does not pay for importing Dagster or dbt.

Every subcommand starts by validating the settings (a bad one is a line naming the variable, exit
2, before any work), and any error it meets ends as one readable line; `--debug` shows the traceback.
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
    "doctor": "omnichannel_cli.doctor",
    "alert": "omnichannel_cli.alert",
}


EXIT_USAGE = 2  # a setting or argument is wrong: nothing was done
EXIT_FAILED = 3  # the command could not complete
EXIT_INTERRUPTED = 130
# `dbt` passes everything after it to dbt (which has a --debug of its own): only `omnichannel
# --debug dbt …` applies there.
_NO_OWN_DEBUG = {"dbt"}


class OneLineParser(argparse.ArgumentParser):
    """A wrong argument is one line (argparse prints the whole usage first), exit code 2."""

    def error(self, message: str):
        self.exit(EXIT_USAGE, f"error: {self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(
        prog="omnichannel",
        description="Omnichannel ELT warehouse: simulate exports, ingest them, build and publish.",
    )
    parser.add_argument("--debug", action="store_true", help="show the traceback of an error")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_name in SUBCOMMANDS.values():
        importlib.import_module(module_name).register(subparsers)
    for name, subparser in subparsers.choices.items():
        if name not in _NO_OWN_DEBUG:
            # SUPPRESS: when not given after the subcommand, the global flag's value stays.
            subparser.add_argument(
                "--debug",
                action="store_true",
                default=argparse.SUPPRESS,
                help="show the traceback of an error",
            )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if getattr(args, "validates_settings", True):
            from omnichannel_config import load_settings

            load_settings()  # every setting checked before any work (`doctor` reports them instead)
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:
        if args.debug:
            raise
        return report_error(exc)


def report_error(exc: BaseException) -> int:
    """The error as one line per problem on stderr; its exit code."""
    from omnichannel_config import SettingsError

    if isinstance(exc, SettingsError):
        for problem in exc.problems or [str(exc)]:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_USAGE
    text = " ".join(str(exc).split()) or "(no message)"
    print(
        f"error: {type(exc).__name__}: {text[:500]} (omnichannel --debug … shows the traceback)",
        file=sys.stderr,
    )
    return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
