"""Write-audit-publish: only marts/kpi leave the build file, swaps are atomic, crashes change nothing."""

import hashlib
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa

from orchestration.publish import publisher
from orchestration.publish.publisher import PublicationError, previous_path, publish, rollback


def make_build(path: Path, gmv: str) -> Path:
    with duckdb.connect(str(path)) as con:
        for schema in ("raw", "staging", "marts", "kpi"):
            con.execute(f"create schema if not exists {schema}")
        con.execute("create or replace table raw.members as select '13900000000' as phone")
        con.execute("create or replace table staging.stg as select 1 as x")
        con.execute(
            f"create or replace table marts.channel_daily as "
            f"select date '2026-11-20' as date, 'tmall' as platform, {gmv}::decimal(18,2) as gmv"
        )
        con.execute("create or replace view marts.channel_daily_v as select * from marts.channel_daily")
        con.execute("create or replace table kpi.kpi_daily as select date '2026-11-20' as date, 1 as n")
    return path


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_publishes_only_marts_and_kpi_with_a_publication_record(tmp_path):
    build = make_build(tmp_path / "build.duckdb", "100.10")
    target = tmp_path / "published" / "warehouse.duckdb"
    pub = publish(build, target, run_id="run-1", checks_passed=["b", "a"])
    assert pub.previous is None
    assert pub.tables == {"kpi.kpi_daily": 1, "marts.channel_daily": 1, "marts.channel_daily_v": 1}
    with duckdb.connect(str(target), read_only=True) as con:
        rows = con.execute("select distinct table_schema from information_schema.tables").fetchall()
        schemas = {r[0] for r in rows}
        assert schemas == {"marts", "kpi", "main"}
        assert con.execute("select gmv::varchar from marts.channel_daily").fetchone()[0] == "100.10"
        row = con.execute("select run_id, checks_passed, tables_published from main._publication").fetchone()
        assert row == ("run-1", ["a", "b"], 3)
    assert sorted(p.name for p in target.parent.iterdir()) == ["warehouse.duckdb"]


def test_second_publication_keeps_the_previous_file_and_rollback_restores_it(tmp_path):
    target = tmp_path / "warehouse.duckdb"
    publish(make_build(tmp_path / "b1.duckdb", "1.00"), target, run_id="r1")
    first = sha(target)
    pub = publish(make_build(tmp_path / "b2.duckdb", "2.00"), target, run_id="r2")
    assert pub.previous == previous_path(target) and sha(pub.previous) == first
    rollback(target)
    assert sha(target) == first


def test_a_reader_holding_the_file_open_keeps_working_across_a_publication(tmp_path):
    target = tmp_path / "warehouse.duckdb"
    publish(make_build(tmp_path / "b1.duckdb", "1.00"), target, run_id="r1")
    engine = sa.create_engine(f"duckdb:///{target}", connect_args={"read_only": True})
    with engine.connect() as reader:
        before = reader.execute(sa.text("select gmv from marts.channel_daily")).scalar_one()
        publish(make_build(tmp_path / "b2.duckdb", "2.00"), target, run_id="r2")
        during = reader.execute(sa.text("select gmv from marts.channel_daily")).scalar_one()
    assert str(before) == str(during) == "1.00"
    engine.dispose()  # DuckDB caches one database instance per path and process
    with duckdb.connect(str(target), read_only=True) as fresh:
        assert str(fresh.execute("select gmv from marts.channel_daily").fetchone()[0]) == "2.00"


@pytest.mark.parametrize("failing_step", ["_copy", "_record", "_verify", "_keep_previous"])
def test_a_crash_at_any_step_leaves_the_published_file_byte_identical(tmp_path, monkeypatch, failing_step):
    target = tmp_path / "warehouse.duckdb"
    publish(make_build(tmp_path / "b1.duckdb", "1.00"), target, run_id="r1")
    before = sha(target)

    def crash(*args, **kwargs):
        raise OSError(f"injected failure in {failing_step}")

    monkeypatch.setattr(publisher, failing_step, crash)
    with pytest.raises(OSError, match="injected"):
        publish(make_build(tmp_path / "b2.duckdb", "2.00"), target, run_id="r2")
    assert sha(target) == before
    assert [p.name for p in tmp_path.iterdir() if ".tmp" in p.name] == []


def test_a_copy_that_does_not_verify_is_not_swapped_in(tmp_path, monkeypatch):
    target = tmp_path / "warehouse.duckdb"
    publish(make_build(tmp_path / "b1.duckdb", "1.00"), target, run_id="r1")
    before = sha(target)
    real_copy = publisher._copy

    def copy_then_lose_a_row(build, staging, schemas):
        tables = real_copy(build, staging, schemas)
        with duckdb.connect(str(staging)) as con:
            con.execute("delete from marts.channel_daily")
        return tables

    monkeypatch.setattr(publisher, "_copy", copy_then_lose_a_row)
    with pytest.raises(PublicationError, match=r"marts\.channel_daily: 0 rows published but 1"):
        publish(make_build(tmp_path / "b2.duckdb", "2.00"), target, run_id="r2")
    assert sha(target) == before


def test_an_empty_build_is_refused(tmp_path):
    empty = tmp_path / "empty.duckdb"
    duckdb.connect(str(empty)).close()
    with pytest.raises(PublicationError, match="no tables"):
        publish(empty, tmp_path / "warehouse.duckdb", run_id="r1")


def test_a_killed_publications_staging_copy_is_removed_by_the_next(tmp_path):
    """kill -9 during a publication left `.warehouse.<run>.tmp.duckdb` (+ .wal) beside the published
    file for good: a copy of every mart."""
    target = tmp_path / "warehouse.duckdb"
    stale = target.with_name(".warehouse.killed-run.tmp.duckdb")
    stale.write_bytes(b"half a copy")
    stale.with_name(stale.name + ".wal").write_bytes(b"wal")
    publish(make_build(tmp_path / "b1.duckdb", "1.00"), target, run_id="r1")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b1.duckdb", "warehouse.duckdb"]


PUBLISH = """
import sys
from pathlib import Path
from orchestration.publish.publisher import publish
publish(Path(sys.argv[1]), Path(sys.argv[2]), run_id="killed-run")
"""


def test_a_publication_killed_mid_copy_leaves_the_published_file_and_no_copy_behind(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    target = tmp_path / "published" / "warehouse.duckdb"
    publish(make_build(tmp_path / "b1.duckdb", "1.00"), target, run_id="r1")
    before = sha(target)
    big = make_build(tmp_path / "big.duckdb", "2.00")
    with duckdb.connect(str(big)) as con:  # a copy that takes long enough to be killed during it
        con.execute(
            "create table marts.big as select range as i, md5(range::varchar) as h from range(3000000)"
        )
    proc = subprocess.Popen([sys.executable, "-c", PUBLISH, str(big), str(target)])
    staging = target.with_name(".warehouse.killed-run.tmp.duckdb")
    deadline = time.monotonic() + 60
    while not staging.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert proc.poll() is None, "the publication finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert sha(target) == before  # BI still reads the last good file
    assert staging.exists()  # what the kill leaves; the next publication removes it
    publish(make_build(tmp_path / "b2.duckdb", "3.00"), target, run_id="r2")
    assert sorted(p.name for p in target.parent.iterdir()) == [
        "warehouse.duckdb",
        "warehouse.previous.duckdb",
    ]
