"""Run the great-expectations suites kept in `suites/` against the warehouse.

GX's SQL datasource returns empty metrics on DuckDB, so each suite's data is read from DuckDB into a
DataFrame and validated with GX's pandas datasource. A suite file is a GX suite (JSON) whose
`meta.omnichannel` says what it validates:
- `asset`: the Dagster asset the gate guards, e.g. "kpi/kpi_daily";
- `query`: the SQL producing the rows to validate; `{as_of}` is replaced by the run's as-of date.
Expectations with severity `warning` (anomaly rules) report but never block publication.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from omnichannel_config import connect, load_settings

SUITE_DIR = Path(__file__).parent / "suites"
MAX_EXAMPLES = 10


@dataclass(frozen=True)
class Suite:
    name: str
    asset: str
    query: str
    description: str
    gx_json: dict
    path: Path


@dataclass(frozen=True)
class Failure:
    expectation: str
    kwargs: dict
    severity: str
    unexpected_count: int | None
    examples: list

    def describe(self) -> str:
        where = self.kwargs.get("column") or self.kwargs.get("column_list") or ""
        count = f"{self.unexpected_count} rows" if self.unexpected_count is not None else "failed"
        sample = f", e.g. {self.examples[:3]}" if self.examples else ""
        return f"{self.expectation}({where}): {count}{sample}"


@dataclass(frozen=True)
class GateResult:
    suite: str
    asset: str
    rows: int
    evaluated: int
    failures: list[Failure] = field(default_factory=list)
    docs_index: Path | None = None

    @property
    def blocking_failures(self) -> list[Failure]:
        return [f for f in self.failures if f.severity == "critical"]

    @property
    def warnings(self) -> list[Failure]:
        return [f for f in self.failures if f.severity != "critical"]


def as_of_date(env: dict[str, str] | None = None) -> dt.date:
    """The day the run reports on: OMNI_AS_OF_DATE, else today in Shanghai (omnichannel_config)."""
    return load_settings(env).as_of()


def load_suites(directory: Path = SUITE_DIR) -> list[Suite]:
    suites = []
    for path in sorted(directory.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        meta = doc.get("meta", {}).get("omnichannel", {})
        missing = [k for k in ("asset", "query") if k not in meta]
        if missing:
            raise ValueError(f"{path}: meta.omnichannel lacks {', '.join(missing)}")
        suites.append(
            Suite(
                name=doc["name"],
                asset=meta["asset"],
                query=meta["query"],
                description=meta.get("description", ""),
                gx_json=doc,
                path=path,
            )
        )
    return suites


def data_docs_index(docs_root: Path) -> Path:
    """Where GX writes the HTML quality report under `docs_root`."""
    return Path(docs_root) / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


def read_frame(warehouse: Path, query: str, as_of: dt.date) -> pd.DataFrame:
    with connect(warehouse) as con:
        return con.execute(query.replace("{as_of}", as_of.isoformat())).df()


def run_suite(suite: Suite, warehouse: Path, docs_root: Path, as_of: dt.date | None = None) -> GateResult:
    """Validate one suite; data docs are written under `docs_root`."""
    import great_expectations as gx

    logging.getLogger("great_expectations").setLevel(logging.ERROR)
    frame = read_frame(warehouse, suite.query, as_of or as_of_date())
    context = gx.get_context(mode="file", project_root_dir=str(docs_root))
    context.variables.progress_bars = {"globally": False}
    source = context.data_sources.add_or_update_pandas("warehouse")
    asset = _dataframe_asset(source, suite.name)
    batch = asset.add_batch_definition_whole_dataframe(f"{suite.name}_all")
    spec = {k: v for k, v in suite.gx_json.items() if k in ("name", "expectations", "meta")}
    gx_suite = context.suites.add_or_update(gx.ExpectationSuite(**spec))
    validation = context.validation_definitions.add_or_update(
        gx.ValidationDefinition(data=batch, suite=gx_suite, name=suite.name)
    )
    checkpoint = context.checkpoints.add_or_update(
        gx.Checkpoint(
            name=f"{suite.name}_gate",
            validation_definitions=[validation],
            actions=[gx.checkpoint.UpdateDataDocsAction(name="data_docs")],
        )
    )
    outcome = checkpoint.run(batch_parameters={"dataframe": frame})
    results = next(iter(outcome.run_results.values())).results
    failures = [_failure(r) for r in results if not r.success]
    return GateResult(suite.name, suite.asset, len(frame), len(results), failures, data_docs_index(docs_root))


def _dataframe_asset(source, name: str):
    try:
        return source.get_asset(name)
    except LookupError:
        return source.add_dataframe_asset(name=name)


def _failure(result) -> Failure:
    config = result.expectation_config
    detail = result.result or {}
    examples = detail.get("partial_unexpected_list") or []
    if not examples and "observed_value" in detail:
        examples = [detail["observed_value"]]
    return Failure(
        expectation=config.type,
        kwargs={k: v for k, v in config.kwargs.items() if k != "batch_id"},
        severity=str(getattr(config, "severity", "critical") or "critical").lower().split(".")[-1],
        unexpected_count=detail.get("unexpected_count"),
        examples=[_plain(e) for e in examples[:MAX_EXAMPLES]],
    )


def _plain(value):
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value
