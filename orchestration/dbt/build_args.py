"""The `dbt build` arguments of the daily run (no Dagster imports: the benchmark uses them too)."""

from __future__ import annotations

import os


def build_args() -> list[str]:
    """`dbt build`, without unit tests unless OMNI_DBT_UNIT_TESTS is set: unit tests check the SQL
    logic on fixed rows, not the day's data, so CI runs them on every change (`make test`) and the
    daily run does not pay for them (dbt's own advice for production)."""
    if os.environ.get("OMNI_DBT_UNIT_TESTS", "").lower() in ("1", "true", "yes"):
        return ["build"]
    return ["build", "--exclude-resource-type", "unit_test"]
