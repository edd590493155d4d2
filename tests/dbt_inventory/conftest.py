"""Fixtures for the inventory, product, service and KPI tests, on the session's tiny simulation and
its one dbt build (`tiny_dbt_build` in tests/conftest.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from tests.dbt_runner import DbtBuild

# The folders of this issue's models; their nodes must all pass even if others' fail.
OWN_PATHS = (
    "models/staging/erp/stg_erp__inventory",
    "models/staging/erp/stg_erp__products",
    "models/staging/cs/",
    "models/intermediate/inventory/",
    "models/intermediate/product/",
    "models/intermediate/kpi/",
    "models/marts/inventory/",
    "models/marts/product/",
    "models/marts/service/",
    "models/kpi/",
)


@dataclass(frozen=True)
class InventoryBuild:
    warehouse: Path
    failed: list[str]  # unique ids of failed/errored/skipped nodes of this models
    output: str

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        con = duckdb.connect(str(self.warehouse), read_only=True)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()


def _own_failures(target: Path, results: list[dict]) -> list[str]:
    manifest = json.loads((target / "manifest.json").read_text())
    nodes = {**manifest["nodes"], **manifest.get("unit_tests", {})}
    failed = []
    for r in results:
        if r["status"] not in ("error", "fail", "skipped"):
            continue
        node = nodes.get(r["unique_id"], {})
        path = node.get("original_file_path", "")
        if any(path.startswith(p) for p in OWN_PATHS):
            failed.append(r["unique_id"])
    return failed


@pytest.fixture(scope="session")
def inventory_build(tiny_dbt_build: DbtBuild) -> InventoryBuild:
    """The session's dbt build, with the failures of this issue's models picked out."""
    results = json.loads((tiny_dbt_build.target / "run_results.json").read_text())["results"]
    failed = _own_failures(tiny_dbt_build.target, results)
    return InventoryBuild(tiny_dbt_build.warehouse, failed, tiny_dbt_build.output)


@pytest.fixture(scope="session")
def answer_key(answer_key_dir: Path):
    """Query the answer key's Parquet tables by name."""

    def run(sql: str) -> list[tuple]:
        con = duckdb.connect()
        try:
            for f in answer_key_dir.glob("*.parquet"):
                con.execute(f"create view {f.stem} as select * from read_parquet('{f}')")
            return con.execute(sql).fetchall()
        finally:
            con.close()

    return run
