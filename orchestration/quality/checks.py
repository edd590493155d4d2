"""Each great-expectations suite as a Dagster asset check on the table it guards.

A suite with critical expectations is a blocking check: failed, it reports ERROR severity, which
stops the publish step downstream. A warning-only suite (the anomaly rule) is a non-blocking check
(`blocking=False`, so the UI shows it as such): failed, it reports WARN and publication goes on.
"""

import dagster as dg

from orchestration.quality.gx_runner import GateResult, Suite, as_of_date, load_suites, run_suite
from orchestration.resources import WAREHOUSE_POOL, WarehouseResource

BLOCKS = "失败即阻断发布 (blocks publication when it fails)."
WARNS_ONLY = "只预警，不阻断发布 (warns, never blocks publication)."


def _asset_key(suite: Suite) -> dg.AssetKey:
    return dg.AssetKey(suite.asset.split("/"))


def check_description(suite: Suite) -> str:
    """The suite's own description plus whether it blocks, said from the same flag the check uses."""
    what = suite.description or f"great-expectations suite {suite.path.name}"
    return f"{what} {BLOCKS if suite.blocking else WARNS_ONLY}"


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
    rows = [row for f in result.failures for row in f.rows]
    if rows:  # which platform, day and values failed, for people and for the alert
        metadata["failed_rows"] = dg.MetadataValue.json(rows)
    if result.docs_index is not None:  # the offline page (report.py); GX's own site needs the internet
        metadata["quality_report"] = dg.MetadataValue.path(str(result.docs_index))
    return metadata


def _build_check(suite: Suite) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=_asset_key(suite),
        name=f"gx_{suite.name}",
        description=check_description(suite),
        blocking=suite.blocking,
        pool=WAREHOUSE_POOL,
    )
    def _check(warehouse: WarehouseResource) -> dg.AssetCheckResult:
        paths = warehouse.paths()
        result = run_suite(suite, paths.warehouse, paths.reports_dir / "quality", as_of_date())
        failures = result.blocking_failures or result.warnings
        return dg.AssetCheckResult(
            passed=not result.failures,
            severity=dg.AssetCheckSeverity.ERROR
            if suite.blocking and result.blocking_failures
            else dg.AssetCheckSeverity.WARN,
            description="; ".join(f.describe() for f in failures[:5]) or "全部通过 (all expectations met)",
            metadata=gate_metadata(result),
        )

    return _check


def build_gate_checks(known_assets: set[dg.AssetKey]) -> list[dg.AssetChecksDefinition]:
    """Checks for the suites whose table exists in this code location."""
    return [_build_check(s) for s in load_suites() if _asset_key(s) in known_assets]
