"""Run the great-expectations suites kept in `suites/` against the warehouse.

GX's SQL datasource returns empty metrics on DuckDB, so each suite's data is read from DuckDB into a
DataFrame and validated with GX's pandas datasource. A suite file is a GX suite (JSON) whose
`meta.omnichannel` says what it validates:
- `asset`: the Dagster asset the gate guards, e.g. "kpi/kpi_daily";
- `query`: the SQL producing the rows to validate; `{as_of}` is replaced by the run's as-of date;
- `description`: what the gate checks, in Chinese and English (shown on the Dagster check);
- `row_columns` (optional): columns that say which row failed (platform, day, values), reported with
  each failed value.
An expectation's `meta.message` (optional) says what a failed row means, formatted with that row's
columns, e.g. "{platform_name} {date_day}: …". Expectations with severity `warning` (anomaly rules)
report but never block publication. Each run also writes the offline report (`report.py`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from decimal import Decimal
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
    row_columns: tuple[str, ...] = ()

    @property
    def blocking(self) -> bool:
        """A suite with any critical expectation blocks publication; warning-only suites never do."""
        return any(_severity(e.get("severity")) == "critical" for e in self.gx_json["expectations"])


@dataclass(frozen=True)
class Failure:
    expectation: str
    kwargs: dict
    severity: str
    unexpected_count: int | None
    examples: list
    rows: list[dict] = field(default_factory=list)  # the failed rows' `row_columns` and value
    message: str | None = None  # the expectation's meta.message, formatted per failed row

    def describe(self, max_rows: int = 3) -> str:
        """What failed, said per row by the expectation's message when it has one."""
        said = [line for line in (self._say(row) for row in self.rows[:max_rows]) if line]
        if said:
            more = len(self.rows) - len(said)
            return "; ".join(said) + (f"; 另有 {more} 处 (and {more} more)" if more > 0 else "")
        where = self.kwargs.get("column") or self.kwargs.get("column_list") or ""
        count = f"{self.unexpected_count} rows" if self.unexpected_count is not None else "failed"
        sample = f", e.g. {self.examples[:3]}" if self.examples else ""
        return f"{self.expectation}({where}): {count}{sample}"

    def _say(self, row: dict) -> str | None:
        if not self.message:
            return None
        try:
            return self.message.format(**row)
        except (KeyError, ValueError, TypeError, IndexError):
            return None  # e.g. a null where the message formats a number: fall back to the plain text


@dataclass(frozen=True)
class Outcome:
    """One expectation's result, pass or fail, for the offline report."""

    expectation: str
    kwargs: dict
    severity: str
    success: bool
    observed: object


@dataclass(frozen=True)
class GateResult:
    suite: str
    asset: str
    rows: int
    evaluated: int
    failures: list[Failure] = field(default_factory=list)
    docs_index: Path | None = None  # the offline report page (report.py), not GX's CDN-bound site
    outcomes: list[Outcome] = field(default_factory=list)

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
                row_columns=tuple(meta.get("row_columns", ())),
            )
        )
    return suites


def data_docs_index(docs_root: Path) -> Path:
    """Where GX writes its own data docs under `docs_root` (they load CSS/JS from CDNs, so they
    render blank offline: people are pointed to `report.report_index` instead)."""
    return Path(docs_root) / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


def read_frame(warehouse: Path, query: str, as_of: dt.date) -> pd.DataFrame:
    with connect(warehouse) as con:
        return con.execute(query.replace("{as_of}", as_of.isoformat())).df()


def run_suite(suite: Suite, warehouse: Path, docs_root: Path, as_of: dt.date | None = None) -> GateResult:
    """Validate one suite; GX's data docs and the offline report are written under `docs_root`."""
    import great_expectations as gx

    from orchestration.quality import report

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
            # SUMMARY keeps up to 20 failed rows; their `row_columns` say which platform and day.
            result_format={
                "result_format": "SUMMARY",
                "unexpected_index_column_names": list(suite.row_columns),
            },
        )
    )
    outcome = checkpoint.run(batch_parameters={"dataframe": frame})
    results = next(iter(outcome.run_results.values())).results
    failures = [_failure(r) for r in results if not r.success]
    outcomes = [_outcome(r) for r in results]
    result = GateResult(suite.name, suite.asset, len(frame), len(results), failures, None, outcomes)
    index = report.write_suite_result(suite, result, docs_root, as_of or as_of_date())
    return dataclasses.replace(result, docs_index=index)


def _dataframe_asset(source, name: str):
    try:
        return source.get_asset(name)
    except LookupError:
        return source.add_dataframe_asset(name=name)


def _severity(value) -> str:
    """GX's severity (`FailureSeverity.WARNING`, "warning", None) as "critical" or "warning"."""
    return str(value or "critical").lower().split(".")[-1]


def _failure(result) -> Failure:
    config = result.expectation_config
    detail = result.result or {}
    examples = detail.get("partial_unexpected_list") or []
    if not examples and "observed_value" in detail:
        examples = [detail["observed_value"]]
    rows = detail.get("partial_unexpected_index_list") or []
    return Failure(
        expectation=config.type,
        kwargs=_kwargs(config),
        severity=_severity(getattr(config, "severity", None)),
        unexpected_count=detail.get("unexpected_count"),
        examples=[_plain(e) for e in examples[:MAX_EXAMPLES]],
        rows=[_plain(r) for r in rows[:MAX_EXAMPLES] if isinstance(r, dict)],
        message=(config.meta or {}).get("message"),
    )


def _outcome(result) -> Outcome:
    config = result.expectation_config
    detail = result.result or {}
    if "observed_value" in detail:
        observed = _plain(detail["observed_value"])
    elif "unexpected_count" in detail:
        observed = {
            "unexpected_count": detail["unexpected_count"],
            "element_count": detail.get("element_count"),
            "examples": [_plain(e) for e in (detail.get("partial_unexpected_list") or [])[:MAX_EXAMPLES]],
        }
    else:
        observed = None
    return Outcome(
        expectation=config.type,
        kwargs=_kwargs(config),
        severity=_severity(getattr(config, "severity", None)),
        success=bool(result.success),
        observed=observed,
    )


def _kwargs(config) -> dict:
    return {k: _plain(v) for k, v in config.kwargs.items() if k not in ("batch_id", "result_format")}


def _plain(value):
    """JSON-ready: dates as ISO text, numpy scalars and Decimals as Python numbers."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None  # NULL as pandas has it (NA, NaT, NaN)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time(0) and value.tzinfo is None:
        return value.date().isoformat()  # a DuckDB date arrives in pandas as a midnight timestamp
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value
