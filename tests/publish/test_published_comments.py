"""The published file keeps the build file's table and column comments (dbt's persist_docs), and
BI tools read them through SQLAlchemy, as Superset introspects a database."""

from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from orchestration.publish import publisher
from orchestration.publish.publisher import PublicationError, publish

GMV_DOC = "支付金额 — paid amount of lines paid that day; it's refunds-inclusive"


def make_documented_build(path: Path) -> Path:
    """A build file as dbt leaves it with persist_docs: commented tables, one commented view, one
    column without a description, and a quote in a comment."""
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts; create schema kpi")
        con.execute(
            "create table marts.channel_daily as "
            "select date '2026-11-20' as date_day, 'tmall' as platform, 100.10::decimal(18,2) as paid_gmv"
        )
        con.execute("comment on table marts.channel_daily is '渠道日报 — one row per day × platform'")
        quoted = GMV_DOC.replace("'", "''")
        con.execute(f"comment on column marts.channel_daily.paid_gmv is '{quoted}'")
        con.execute("comment on column marts.channel_daily.date_day is '日期 — the day (Asia/Shanghai)'")
        con.execute("create view kpi.kpi_daily as select date '2026-11-20' as date_day, 1.5 as roi")
        con.execute("comment on view kpi.kpi_daily is 'KPI 日表 — one row per day'")
        con.execute("comment on column kpi.kpi_daily.roi is '投放ROI — attributed GMV / ad spend'")
    return path


def column_comments(path: Path) -> dict[tuple[str, str, str], str | None]:
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "select schema_name, table_name, column_name, comment from duckdb_columns() "
            "where schema_name in ('marts', 'kpi')"
        ).fetchall()
    return {(s, t, c): comment for s, t, c, comment in rows}


def test_table_and_column_comments_reach_the_published_file(tmp_path):
    target = tmp_path / "published" / "warehouse.duckdb"
    pub = publish(make_documented_build(tmp_path / "build.duckdb"), target, run_id="r1")
    assert column_comments(target) == {
        ("marts", "channel_daily", "date_day"): "日期 — the day (Asia/Shanghai)",
        ("marts", "channel_daily", "platform"): None,
        ("marts", "channel_daily", "paid_gmv"): GMV_DOC,
        ("kpi", "kpi_daily", "date_day"): None,
        ("kpi", "kpi_daily", "roi"): "投放ROI — attributed GMV / ad spend",
    }
    with duckdb.connect(str(target), read_only=True) as con:
        tables = dict(
            con.execute(
                "select schema_name || '.' || table_name, comment from duckdb_tables() "
                "where schema_name in ('marts', 'kpi')"
            ).fetchall()
        )
    # The view became a table and kept its comment.
    assert tables == {
        "marts.channel_daily": "渠道日报 — one row per day × platform",
        "kpi.kpi_daily": "KPI 日表 — one row per day",
    }
    assert pub.comments == 5  # two tables, three columns


def test_a_copy_that_loses_comments_is_not_swapped_in(tmp_path, monkeypatch):
    """The post-copy check fails when a comment did not arrive, and the old file stays."""
    build = make_documented_build(tmp_path / "build.duckdb")
    target = tmp_path / "warehouse.duckdb"
    publish(build, target, run_id="r1")
    before = target.read_bytes()
    monkeypatch.setattr(publisher, "write_comments", lambda *args: None)
    with pytest.raises(PublicationError, match="comments differ from the build file"):
        publish(build, target, run_id="r2")
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["build.duckdb", "warehouse.duckdb"]


def test_sqlalchemy_reflects_tables_typed_columns_and_comments_read_only(tmp_path):
    """What Superset does on "Add dataset": list tables, then columns with types and comments.
    duckdb-engine 0.17 fails get_columns() under SQLAlchemy 2.1, hence the pin to 2.0."""
    target = tmp_path / "warehouse.duckdb"
    publish(make_documented_build(tmp_path / "build.duckdb"), target, run_id="r1")
    engine = sa.create_engine(f"duckdb:///{target}", connect_args={"read_only": True})
    try:
        inspector = sa.inspect(engine)
        assert inspector.get_table_names(schema="marts") == ["channel_daily"]
        assert inspector.get_table_names(schema="kpi") == ["kpi_daily"]
        columns = {c["name"]: c for c in inspector.get_columns("channel_daily", schema="marts")}
        assert list(columns) == ["date_day", "platform", "paid_gmv"]
        assert isinstance(columns["date_day"]["type"], sa.Date)
        assert isinstance(columns["platform"]["type"], sa.String)
        assert isinstance(columns["paid_gmv"]["type"], sa.Numeric)
        assert (columns["paid_gmv"]["type"].precision, columns["paid_gmv"]["type"].scale) == (18, 2)
        assert columns["paid_gmv"]["comment"] == GMV_DOC
        assert columns["platform"]["comment"] is None
        assert inspector.get_table_comment("channel_daily", schema="marts") == {
            "text": "渠道日报 — one row per day × platform"
        }
        with engine.connect() as con:
            paid = con.execute(sa.text("select paid_gmv from marts.channel_daily")).scalar_one()
            assert paid == Decimal("100.10")
            # Read-only: a BI tool cannot change the published file.
            with pytest.raises(sa.exc.DBAPIError, match="read-only"):
                con.execute(sa.text("create table marts.x (a int)"))
    finally:
        engine.dispose()
