"""`dbt source freshness` as one asset check per raw table (`source_freshness` on `raw/<table>`).

dagster-dbt 0.29 turns dbt tests into asset checks but not source freshness (its freshness builder
reads model meta, and dagster-io/dagster#29786 asks for this and is still open), so this is a small
multi-asset check: one `dbt source freshness` for the selected tables, results read from its
`sources.json`. The raw tables are Dagster assets of the ingestion step, not dbt's; the project's
translator maps source `tmall.orders` to `raw/tmall__orders`, so the checks sit on those assets.

dbt's `warn_after` fails the check with WARN severity, `error_after` with ERROR; neither blocks: a
stale export is already reported by `marts/pipeline_coverage` and stops publication through the GX
freshness gate on `channel_daily` when the data falls behind.
"""

import functools
import json
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DbtCliResource

from omnichannel_config import exported
from orchestration.dbt.project import dbt_project, manifest_for_definitions, prune_run_targets, run_target
from orchestration.dbt.translator import OmnichannelDbtTranslator
from orchestration.resources import WAREHOUSE_POOL, WarehouseResource

CHECK_NAME = "source_freshness"
OP_NAME = "dbt_source_freshness"
DESCRIPTION = (
    "导出新鲜度：dbt source freshness 按最新一次导入 (_loaded_at) 的时间判断，超过 warn_after 预警、"
    "超过 error_after 报错；只预警，不阻断发布，数据落后由 pipeline_coverage 和 channel_daily 的"
    "新鲜度检查把关。"
    " (Export freshness: dbt source freshness on when the newest export of this table was loaded "
    "(_loaded_at); WARN after warn_after, ERROR after error_after. Never blocks publication: stale "
    "exports are already reported by marts/pipeline_coverage and gated by gx_channel_daily_freshness.)"
)


@dataclass(frozen=True)
class FreshSource:
    """A dbt source table that declares freshness, and the raw asset it is."""

    unique_id: str  # source.omnichannel_elt.tmall.orders
    selector: str  # source:tmall.orders
    key: dg.AssetKey  # raw/tmall__orders
    warn_after: str  # "2 day", "" when not set
    error_after: str


def _window(criterion: Mapping[str, Any] | None) -> str:
    criterion = criterion or {}
    return f"{criterion['count']} {criterion['period']}" if criterion.get("count") else ""


def fresh_sources(manifest: Mapping[str, Any], project: Any = None) -> list[FreshSource]:
    """The sources with a warn_after or error_after, keyed as the translator keys them."""
    translator = OmnichannelDbtTranslator()
    found = []
    for unique_id, node in sorted(manifest.get("sources", {}).items()):
        freshness = node.get("freshness") or {}
        warn, error = _window(freshness.get("warn_after")), _window(freshness.get("error_after"))
        if not (warn or error):
            continue
        key = translator.get_asset_spec(manifest, unique_id, project).key
        selector = f"source:{node['source_name']}.{node['name']}"
        found.append(FreshSource(unique_id, selector, key, warn, error))
    return found


def check_results(sources_json: Mapping[str, Any], checked: list[FreshSource]) -> list[dg.AssetCheckResult]:
    """One result per checked source from dbt's sources.json: pass passes, warn fails with WARN,
    error and runtime error (e.g. the raw table does not exist) fail with ERROR."""
    by_id = {r["unique_id"]: r for r in sources_json.get("results", [])}
    results = []
    for source in checked:
        result = by_id.get(source.unique_id, {"status": "runtime error", "error": "not in sources.json"})
        status = result.get("status")
        age = result.get("max_loaded_at_time_ago_in_s")
        metadata = {
            "dbt_status": dg.MetadataValue.text(status or ""),
            "warn_after": dg.MetadataValue.text(source.warn_after or "-"),
            "error_after": dg.MetadataValue.text(source.error_after or "-"),
        }
        if result.get("max_loaded_at"):
            metadata["max_loaded_at"] = dg.MetadataValue.text(result["max_loaded_at"])
        if age is not None:
            metadata["hours_since_last_load"] = dg.MetadataValue.float(round(age / 3600, 1))
        results.append(
            dg.AssetCheckResult(
                asset_key=source.key,
                check_name=CHECK_NAME,
                passed=status == "pass",
                severity=dg.AssetCheckSeverity.WARN if status == "warn" else dg.AssetCheckSeverity.ERROR,
                description=None if status == "pass" else _describe(source, result, age),
                metadata=metadata,
            )
        )
    return results


def _describe(source: FreshSource, result: Mapping[str, Any], age: float | None) -> str:
    table = source.key.path[-1]
    if result.get("status") not in ("warn", "error"):
        return f"{table}: 新鲜度无法判断 (freshness could not be computed): {result.get('error', '')}"
    limit = source.warn_after if result["status"] == "warn" else source.error_after
    days = age / 86400 if age is not None else float("nan")
    return f"{table}: 最新导入在 {days:.1f} 天前，超过 {limit} (newest export loaded {days:.1f} days ago)"


def _reuse_parse(project_target: Path, run_folder: Path) -> None:
    """Start dbt from the prepared project's parse: in a fresh target folder dbt parses the whole
    project again (~8 s); it re-parses by itself when the saved parse no longer matches."""
    saved = project_target / "partial_parse.msgpack"
    if saved.exists():
        run_folder.mkdir(parents=True, exist_ok=True)
        shutil.copy2(saved, run_folder / saved.name)


@functools.cache
def _manifest() -> dict[str, Any]:
    return json.loads(Path(manifest_for_definitions()).read_text())


@functools.cache
def build_source_freshness_checks() -> dg.AssetChecksDefinition:
    """One `source_freshness` check on each raw asset whose dbt source declares freshness."""
    sources = fresh_sources(_manifest(), dbt_project())
    by_key = {s.key: s for s in sources}
    specs = [
        dg.AssetCheckSpec(name=CHECK_NAME, asset=s.key, blocking=False, description=DESCRIPTION)
        for s in sources
    ]

    @dg.multi_asset_check(name=OP_NAME, specs=specs, can_subset=True, pool=WAREHOUSE_POOL)
    def dbt_source_freshness(
        context: dg.AssetCheckExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
    ):
        """`dbt source freshness` of the selected raw tables; DuckDB lets one process in, hence the pool."""
        checked = [by_key[k.asset_key] for k in sorted(context.selected_asset_check_keys, key=str)]
        prune_run_targets(OP_NAME)
        target = run_target(OP_NAME, context.run.run_id)
        _reuse_parse(dbt_project().target_path, target)
        # One --select value: dagster-dbt reads --select as a single value and would leave the
        # other selectors as stray arguments (dbt then exits 2 and checks nothing).
        args = ["source", "freshness", "--no-use-colors", "--select", " ".join(s.selector for s in checked)]
        with exported(warehouse.settings().dbt_env()):  # what dbt's profile reads
            invocation = dbt.cli(args, raise_on_error=False, manifest=_manifest(), target_path=target)
            invocation.wait()
        sources_json = target / "sources.json"
        if not sources_json.exists():  # dbt failed before checking anything: every check fails, ERROR
            context.log.error(invocation.get_error() or "dbt source freshness wrote no sources.json")
        results = json.loads(sources_json.read_text()) if sources_json.exists() else {}
        yield from check_results(results, checked)

    return dbt_source_freshness
