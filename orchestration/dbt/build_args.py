"""The `dbt build` arguments of the daily run (no Dagster imports: the benchmark uses them too)."""

from __future__ import annotations

import os


def build_args() -> list[str]:
    """`dbt build`, without unit tests unless OMNI_DBT_UNIT_TESTS is set: unit tests check the SQL
    logic on fixed rows, not the day's data, so CI runs them on every change (`make test`) and the
    daily run does not pay for them (dbt's own advice for production). OMNI_DBT_FULL_REFRESH
    rebuilds the incremental order-state models from every raw row: once after an upgrade that
    changed their columns (dbt stops with "schemas ... out of sync"), or after raw rows were
    deleted."""
    args = ["build"]
    if not _flag("OMNI_DBT_UNIT_TESTS"):
        args += ["--exclude-resource-type", "unit_test"]
    if _flag("OMNI_DBT_FULL_REFRESH"):
        args.append("--full-refresh")
    return args


def _flag(name: str) -> bool:
    return os.environ.get(name, "").lower() in ("1", "true", "yes")
