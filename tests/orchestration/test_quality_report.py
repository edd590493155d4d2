"""The offline quality report: every suite's expectations with pass/fail and the observed value, in
one HTML page with inline CSS and no external URL (GX's own data docs render blank offline)."""

import datetime as dt
import json
import re

import duckdb
import pytest

from orchestration.quality.gx_runner import load_suites, run_suite
from orchestration.quality.report import report_index


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute(
            "create schema marts; create table marts.daily as select * from (values "
            "(date '2025-11-11', 'douyin', 300.0, 1000.0), (date '2025-11-12', 'jd', 950.0, 1000.0)) "
            "v(date_day, platform, paid_gmv, trailing_median)"
        )
    return path


def write_suite(directory, name, expectations, row_columns=()):
    directory.mkdir(exist_ok=True)
    meta = {
        "asset": "marts/daily",
        "query": "select *, paid_gmv / trailing_median as share from marts.daily",
        "description": f"{name} 的说明 description",
        "row_columns": list(row_columns),
    }
    doc = {"name": name, "meta": {"omnichannel": meta}, "expectations": expectations}
    (directory / f"{name}.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def test_the_page_shows_each_suite_and_a_failed_expectation_with_its_observed_value(tmp_path, warehouse):
    suites_dir, quality = tmp_path / "suites", tmp_path / "reports" / "quality"
    write_suite(
        suites_dir,
        "anomalies",
        [
            {
                "type": "expect_column_values_to_be_between",
                "kwargs": {"column": "share", "min_value": 0.4},
                "severity": "warning",
                "meta": {"message": "{platform} {date_day}: {paid_gmv:,.2f} vs {trailing_median:,.2f}"},
            }
        ],
        row_columns=("platform", "date_day", "paid_gmv", "trailing_median"),
    )
    write_suite(
        suites_dir,
        "volume",
        [
            {
                "type": "expect_table_row_count_to_be_between",
                "kwargs": {"min_value": 5},
                "severity": "critical",
            }
        ],
    )
    results = [run_suite(s, warehouse, quality, as_of=dt.date(2025, 11, 13)) for s in load_suites(suites_dir)]
    assert {r.docs_index for r in results} == {report_index(quality)}
    assert [f.describe() for f in results[0].warnings] == ["douyin 2025-11-11: 300.00 vs 1,000.00"]

    page = report_index(quality).read_text(encoding="utf-8")
    assert re.search(r"https?://", page) is None, "no script, stylesheet or link may need the internet"
    assert "<script" not in page and "<link" not in page and "<style>" in page
    assert '<a href="coverage.html">' in page
    # The warn-only suite: a warning row with the failed value; its message says platform and day.
    assert "只预警，不阻断发布" in page
    assert (
        '<tr class="warning"><td>expect_column_values_to_be_between</td><td>column=share, min_value=0.4</td>'
        "<td>warning</td><td>预警 warning</td><td>1 / 2 行不符合 rows unexpected, e.g. [0.3]</td></tr>"
    ) in page
    assert "<li>douyin 2025-11-11: 300.00 vs 1,000.00</li>" in page
    # The blocking suite failed with its observed row count.
    assert (
        '<tr class="failed"><td>expect_table_row_count_to_be_between</td><td>min_value=5</td>'
        "<td>critical</td><td>失败 failed</td><td>2</td></tr>"
    ) in page


def test_a_passing_suite_is_shown_as_passed_and_earlier_suites_stay_listed(tmp_path, warehouse):
    suites_dir, quality = tmp_path / "suites", tmp_path / "quality"
    write_suite(
        suites_dir,
        "volume",
        [
            {
                "type": "expect_table_row_count_to_be_between",
                "kwargs": {"min_value": 1},
                "severity": "critical",
            }
        ],
    )
    (suite,) = load_suites(suites_dir)
    run_suite(suite, warehouse, quality, as_of=dt.date(2025, 11, 13))
    page = report_index(quality).read_text(encoding="utf-8")
    assert "<td>通过 passed</td><td>2</td>" in page and "失败 failed</td>" not in page
    assert "阻断发布 blocks publication" in page


def test_the_coverage_page_links_back_to_the_report(tmp_path):
    import pandas as pd

    from orchestration.quality.coverage import write_report

    frame = pd.DataFrame(
        {"platform_name": ["天猫"], "export_name": ["订单报表"], "coverage_status": ["complete"]}
    )
    page = write_report(frame, tmp_path).read_text(encoding="utf-8")
    assert '<a href="index.html">数据质量报告 data quality report</a>' in page
    assert (tmp_path / "quality" / "coverage.html").parent == report_index(tmp_path / "quality").parent
