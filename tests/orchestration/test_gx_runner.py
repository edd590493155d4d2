"""The GX runner reads a query from DuckDB, validates it with the pandas datasource, and separates
blocking failures from warnings."""

import datetime as dt
import json

import duckdb
import pytest

from orchestration.quality.gx_runner import as_of_date, load_suites, run_suite


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(
            "create schema kpi; create table kpi.t as select * from (values "
            "(date '2026-01-01', 0.5, 10.0), (date '2026-01-02', 1.5, 1.0)) v(date, rate, gmv)"
        )
    return path


def write_suite(directory, expectations, query="select * from kpi.t"):
    directory.mkdir(exist_ok=True)
    meta = {"omnichannel": {"asset": "kpi/t", "query": query}}
    doc = {"name": "t", "meta": meta, "expectations": expectations}
    (directory / "t.json").write_text(json.dumps(doc), encoding="utf-8")
    return load_suites(directory)[0]


def test_failures_are_split_by_severity_and_name_the_bad_values(tmp_path, warehouse):
    suite = write_suite(
        tmp_path / "suites",
        [
            {
                "type": "expect_column_values_to_be_between",
                "kwargs": {"column": "rate", "min_value": 0, "max_value": 1},
                "severity": "critical",
            },
            {
                "type": "expect_column_values_to_be_between",
                "kwargs": {"column": "gmv", "min_value": 5},
                "severity": "warning",
            },
            {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "date"}},
        ],
    )
    result = run_suite(suite, warehouse, tmp_path / "docs", as_of=dt.date(2026, 1, 3))
    assert (result.rows, result.evaluated) == (2, 3)
    assert [f.describe() for f in result.blocking_failures] == [
        "expect_column_values_to_be_between(rate): 1 rows, e.g. [1.5]"
    ]
    assert [f.describe() for f in result.warnings] == [
        "expect_column_values_to_be_between(gmv): 1 rows, e.g. [1.0]"
    ]
    assert result.docs_index.exists()


def test_the_as_of_date_is_substituted_into_the_query(tmp_path, warehouse):
    suite = write_suite(
        tmp_path / "suites",
        [{"type": "expect_column_values_to_be_between", "kwargs": {"column": "days_behind", "max_value": 1}}],
        query="select date '{as_of}' - max(date) as days_behind from kpi.t",
    )
    fresh = run_suite(suite, warehouse, tmp_path / "docs", as_of=dt.date(2026, 1, 3))
    stale = run_suite(suite, warehouse, tmp_path / "docs", as_of=dt.date(2026, 1, 10))
    assert fresh.failures == []
    assert stale.blocking_failures[0].examples == [8]


def test_the_shipped_freshness_gate_fails_on_a_stale_or_an_empty_mart(tmp_path):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts; create table marts.channel_daily (date_day date)")
        con.execute("insert into marts.channel_daily values (date '2026-01-02')")
    (suite,) = [s for s in load_suites() if s.name == "channel_daily_freshness"]
    docs = tmp_path / "docs"
    assert run_suite(suite, path, docs, as_of=dt.date(2026, 1, 3)).failures == []
    assert run_suite(suite, path, docs, as_of=dt.date(2026, 1, 5)).blocking_failures[0].examples == [3]
    with duckdb.connect(str(path)) as con:
        con.execute("delete from marts.channel_daily")
    empty = run_suite(suite, path, docs, as_of=dt.date(2026, 1, 3))
    assert [f.expectation for f in empty.blocking_failures] == ["expect_column_values_to_not_be_null"]


def test_the_shipped_suites_leave_the_invariants_to_dbt():
    """dbt tests own keys, not-null, accepted values, relationships, ranges and reconciliations; a
    suite only checks freshness against the as-of date, that a table is not empty, or warns on an
    anomaly (docs/contracts.md, "Quality gates: which gate checks what")."""
    for suite in load_suites():
        for expectation in suite.gx_json["expectations"]:
            if expectation.get("severity") == "warning":
                continue  # anomaly rule
            is_volume = expectation["type"] == "expect_table_row_count_to_be_between"
            assert is_volume or "{as_of}" in suite.query, (
                f"{suite.path.name}: {expectation['type']} {expectation['kwargs']} is an invariant, "
                "a dbt test's job"
            )


def test_as_of_date_comes_from_the_environment():
    assert as_of_date({"OMNI_AS_OF_DATE": "2025-11-18"}) == dt.date(2025, 11, 18)


def test_a_suite_without_its_query_is_refused(tmp_path):
    (tmp_path / "bad.json").write_text(json.dumps({"name": "bad", "meta": {}, "expectations": []}))
    with pytest.raises(ValueError, match="lacks asset, query"):
        load_suites(tmp_path)
