"""`omnichannel dbt …`: dbt on the project's warehouse, with the settings its profile reads.

dbt_project/profiles.yml reads only what `Settings.dbt_env()` exports, so dbt runs through here (or
through Dagster): `omnichannel dbt build`, `omnichannel dbt test --select fct_orders`, `omnichannel dbt
parse`. Its target and logs go under the data folder.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1] / "dbt_project"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "dbt",
        help="run dbt on the warehouse with the project's settings (e.g. `omnichannel dbt build`)",
        description="Run dbt in dbt_project/ with the settings its profile reads (README, Configuration).",
    )
    parser.add_argument(
        "dbt_args", nargs=argparse.REMAINDER, help="arguments for dbt, e.g. build --select fct_orders"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from omnichannel_config import exported, load_settings

    settings = load_settings()
    target = settings.paths.dbt_target_dir
    variables = {
        **settings.dbt_env(),
        "DBT_TARGET_PATH": str(target),
        "DBT_LOG_PATH": str(target.parent / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    dbt = Path(sys.executable).parent / "dbt"
    command = [str(dbt if dbt.exists() else "dbt"), *args.dbt_args, "--profiles-dir", str(PROJECT_DIR)]
    with exported(variables):
        return subprocess.run(command, cwd=PROJECT_DIR, check=False).returncode
