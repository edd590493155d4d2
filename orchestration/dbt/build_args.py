"""The `dbt build` arguments of the daily run (no Dagster imports: the benchmark uses them too)."""

from __future__ import annotations

from omnichannel_config import DbtSettings, load_settings


def build_args(settings: DbtSettings | None = None) -> list[str]:
    """`dbt build`, without unit tests unless OMNI_DBT_UNIT_TESTS is set: unit tests check the SQL
    logic on fixed rows, not the day's data, so CI runs them on every change (`make test`) and the
    daily run does not pay for them (dbt's own advice for production). OMNI_DBT_FULL_REFRESH
    rebuilds the incremental order-state models from every raw row: once after an upgrade that
    changed their columns (dbt stops with "schemas ... out of sync"), or after raw rows were
    deleted."""
    settings = settings or load_settings().dbt
    args = ["build"]
    if not settings.unit_tests:
        args += ["--exclude-resource-type", "unit_test"]
    if settings.full_refresh:
        args.append("--full-refresh")
    return args
