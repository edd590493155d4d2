"""On the tiny simulation's dbt build: the dbt docs of every published model are persisted as
DuckDB comments (persist_docs), survive publication, and follow the convention
"中文名 — English description" for every column the models really output."""

from __future__ import annotations

import json
import re

import duckdb
import pytest

from orchestration.publish.publisher import PUBLISHED_SCHEMAS, publish

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("tiny_dbt")]

# A Chinese label (a non-ASCII first character, at most ~20 characters), " — ", then English.
CONVENTION = re.compile(r"^[^\x00-\x7F].{0,20} — .+", re.DOTALL)


@pytest.fixture(scope="module")
def built(tiny_dbt_build):
    assert tiny_dbt_build.returncode == 0, tiny_dbt_build.output[-3000:]
    manifest = json.loads((tiny_dbt_build.target / "manifest.json").read_text(encoding="utf-8"))
    models = {
        (n["schema"], n.get("alias") or n["name"]): n
        for n in manifest["nodes"].values()
        if n["resource_type"] == "model" and n["schema"] in PUBLISHED_SCHEMAS
    }
    return tiny_dbt_build.warehouse, models


@pytest.fixture(scope="module")
def published(built, tmp_path_factory):
    warehouse, _ = built
    target = tmp_path_factory.mktemp("published") / "warehouse.duckdb"
    publish(warehouse, target, run_id="docs-test")
    return target


def comments(path, schema: str, table: str) -> tuple[str | None, dict[str, str | None]]:
    with duckdb.connect(str(path), read_only=True) as con:
        (table_comment,) = con.execute(
            "select comment from duckdb_tables() where schema_name = ? and table_name = ?", [schema, table]
        ).fetchone()
        columns = dict(
            con.execute(
                "select column_name, comment from duckdb_columns() "
                "where schema_name = ? and table_name = ? order by column_index",
                [schema, table],
            ).fetchall()
        )
    return table_comment, columns


def test_dbt_docs_are_duckdb_comments_in_the_build_and_the_published_file(built, published):
    warehouse, models = built
    node = models[("kpi", "kpi_scorecard")]
    for path in (warehouse, published):
        table_comment, columns = comments(path, "kpi", "kpi_scorecard")
        assert table_comment == node["description"]
        assert columns["kpi_name_cn"] == node["columns"]["kpi_name_cn"]["description"]
        assert columns["status_cn"].startswith("状态 — ")
    # persist_docs is on for every published model, so each table carries its model description.
    with duckdb.connect(str(published), read_only=True) as con:
        undocumented = con.execute(
            "select schema_name || '.' || table_name from duckdb_tables() "
            "where schema_name in ('marts', 'kpi') and comment is null"
        ).fetchall()
    assert undocumented == [], "a published table without its dbt description"


def test_kpi_scorecard_shows_chinese_kpi_names_and_status_labels(built):
    warehouse, _ = built
    with duckdb.connect(str(warehouse), read_only=True) as con:
        names = dict(con.execute("select distinct kpi_name, kpi_name_cn from kpi.kpi_scorecard").fetchall())
        labels = dict(con.execute("select distinct status, status_cn from kpi.kpi_scorecard").fetchall())
    assert len(names) == 18 and None not in names.values()
    assert names["paid_gmv"] == "支付金额" and names["roi"] == "投放ROI"
    assert len(set(names.values())) == 18
    expected = {
        "on_track": "达标",
        "at_risk": "有风险",
        "off_track": "未达标",
        "no_target": "无目标",
        "no_data": "无数据",
    }
    assert labels == {status: expected[status] for status in labels}
    assert {"no_target", "on_track"} <= labels.keys()  # the tiny month has KPIs with and without targets


def test_every_published_column_is_documented_in_the_convention(built):
    """Every column the marts and KPI models output (read from the build, not from the yml) has a
    description "中文名 — English description". Reports every model that falls short."""
    warehouse, models = built
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute(
            "select schema_name, table_name, column_name from duckdb_columns() "
            "where schema_name in ('marts', 'kpi') order by schema_name, table_name, column_index"
        ).fetchall()
    failing: dict[str, list[str]] = {}
    for schema, table, column in rows:
        node = models.get((schema, table))
        documented = (node or {}).get("columns", {}).get(column, {}).get("description") or ""
        if not CONVENTION.match(documented.strip()):
            failing.setdefault(f"{schema}.{table}", []).append(column)
    assert {(s, t) for s, t, _ in rows} <= models.keys()
    report = "\n".join(f"{m}: {len(c)} columns, e.g. {', '.join(c[:5])}" for m, c in sorted(failing.items()))
    assert not failing, f"{len(failing)} models have columns without a '中文名 — description':\n{report}"


def test_the_convention_rejects_english_only_and_label_only_descriptions():
    assert CONVENTION.match("支付金额 — paid amount of lines paid that day")
    assert not CONVENTION.match("paid amount of lines paid that day")
    assert not CONVENTION.match("支付金额: sum of channel_daily.paid_gmv")
    assert not CONVENTION.match("支付金额")
