"""Each great-expectations suite as a blocking Dagster asset check on the table it guards.

A failed critical expectation fails the check with ERROR severity, which stops the publish step
downstream; failed warning expectations (anomaly rules) report with WARN severity and let it run.
"""

import dagster as dg

from orchestration.quality.gx_runner import GateResult, Suite, as_of_date, load_suites, run_suite
from orchestration.resources import WAREHOUSE_POOL, WarehouseResource


def _asset_key(suite: Suite) -> dg.AssetKey:
    return dg.AssetKey(suite.asset.split("/"))


def gate_metadata(result: GateResult) -> dict[str, dg.MetadataValue]:
    metadata: dict[str, dg.MetadataValue] = {
        "rows_validated": dg.MetadataValue.int(result.rows),
        "expectations_evaluated": dg.MetadataValue.int(result.evaluated),
        "blocking_failures": dg.MetadataValue.int(len(result.blocking_failures)),
        "warnings": dg.MetadataValue.int(len(result.warnings)),
    }
    if result.failures:
        metadata["failed_expectations"] = dg.MetadataValue.md(
            "\n".join(f"- **{f.severity}** {f.describe()}" for f in result.failures)
        )
    if result.docs_index is not None:
        metadata["quality_report"] = dg.MetadataValue.path(str(result.docs_index))
    return metadata


def _build_check(suite: Suite) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=_asset_key(suite),
        name=f"gx_{suite.name}",
        description=suite.description or f"great-expectations suite {suite.path.name}",
        blocking=True,
        pool=WAREHOUSE_POOL,
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        paths = warehouse.paths()
        result = run_suite(suite, paths.warehouse, paths.reports_dir / "quality", as_of_date())
        failures = result.blocking_failures or result.warnings
        return dg.AssetCheckResult(
            passed=not result.failures,
            severity=dg.AssetCheckSeverity.ERROR if result.blocking_failures else dg.AssetCheckSeverity.WARN,
            description="; ".join(f.describe() for f in failures[:5]) or "all expectations met",
            metadata=gate_metadata(result),
        )

    return _check


def build_gate_checks(known_assets: set[dg.AssetKey]) -> list[dg.AssetChecksDefinition]:
    """Checks for the suites whose table exists in this code location."""
    return [_build_check(s) for s in load_suites() if _asset_key(s) in known_assets]
