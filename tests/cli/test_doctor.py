"""`omnichannel doctor`: the resolved settings with secrets masked, and checks that fail when a
folder, a file or a setting is wrong."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from omnichannel_cli import main

SALT = "pepper-only-we-know"
SECRET = "SECf00dfeed"
TOKEN = "0a1b2c3d-4e5f-6789-abcd-ef0123456789"


@pytest.fixture
def environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A healthy setup: data folder with a landing folder, Dagster home, a robot with secrets."""
    for name in list(os.environ):
        if name.startswith("OMNI_") or name == "DAGSTER_HOME":
            monkeypatch.delenv(name)
    data = tmp_path / "data"
    (data / "landing" / "tmall" / "orders").mkdir(parents=True)
    (data / "landing" / "tmall" / "orders" / "a.csv").write_text("x\n", encoding="utf-8")
    monkeypatch.setenv("OMNI_DATA_DIR", str(data))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "dagster_home"))
    monkeypatch.setenv("OMNI_PHONE_SALT", SALT)
    monkeypatch.setenv("OMNI_ALERT_WEBHOOK_URL", f"https://oapi.dingtalk.com/robot/send?access_token={TOKEN}")
    monkeypatch.setenv("OMNI_ALERT_WEBHOOK_SECRET", SECRET)
    return data


def doctor(capsys) -> tuple[int, str]:
    code = main.main(["doctor"])
    return code, capsys.readouterr().out


def test_a_healthy_setup_passes_with_every_secret_masked(environment: Path, capsys):
    published = environment / "published" / "warehouse.duckdb"
    published.parent.mkdir()
    with duckdb.connect(str(published)) as con:
        con.execute("create schema kpi; create table kpi.kpi_daily (d date)")
    code, out = doctor(capsys)
    assert code == 0, out
    assert out.rstrip().endswith("结果 result: 一切正常 all fine")
    assert SALT not in out and SECRET not in out and TOKEN not in out
    assert "https://oapi.dingtalk.com/robot/send?access_token=***" in out
    assert "OMNI_ALERT_WEBHOOK_KIND      dingtalk" in out
    assert f"ok    landing folder {environment / 'landing'}: 1 files" in out
    assert f"ok    published file {published}: opens, 1 tables" in out
    assert f"note  build file {environment / 'warehouse' / 'warehouse.duckdb'} does not exist yet" in out


def test_problems_are_listed_and_exit_1(environment: Path, capsys, monkeypatch):
    shutil.rmtree(environment / "landing")
    broken = environment / "warehouse" / "warehouse.duckdb"
    broken.parent.mkdir()
    broken.write_bytes(b"this is a spreadsheet, not a database" * 100)
    monkeypatch.setenv("OMNI_REPORTS_DIR", str(broken))
    code, out = doctor(capsys)
    assert code == 1
    fails = [line for line in out.splitlines() if line.startswith("  FAIL  ")]
    assert len(fails) == 3, out
    assert (
        f"OMNI_LANDING_DIR (or OMNI_DATA_DIR): the landing folder {environment / 'landing'} does not exist"
        in out
    )
    assert f"OMNI_REPORTS_DIR: {broken} is a file; expected a folder" in out
    assert f"OMNI_WAREHOUSE: {broken} is not a DuckDB file DuckDB can open" in out or (
        f"OMNI_WAREHOUSE: {broken} cannot be opened by DuckDB" in out
    )
    assert out.rstrip().endswith("结果 result: 3 个问题 problem(s), listed above (FAIL)")


def test_a_bad_setting_is_reported_not_fatal(environment: Path, capsys, monkeypatch):
    monkeypatch.setenv("OMNI_AS_OF_DATE", "yesterday")
    monkeypatch.setenv("OMNI_DUCKDB_MEMORY_LIMIT", "2 bananas")
    code, out = doctor(capsys)
    assert code == 1
    assert "  FAIL  OMNI_AS_OF_DATE is 'yesterday'; expected a date like 2026-06-18" in out
    assert "  FAIL  OMNI_DUCKDB_MEMORY_LIMIT is '2 bananas'; expected a size" in out
    assert f"OMNI_LANDING_DIR             {environment / 'landing'}" in out  # the paths still show


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        (
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc-123",
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***",
        ),
        (
            f"https://open.feishu.cn/open-apis/bot/v2/hook/{TOKEN}",
            "https://open.feishu.cn/open-apis/bot/v2/hook/***",
        ),
        ("http://127.0.0.1:8080/hook", "http://127.0.0.1:8080/hook"),
    ],
)
def test_the_robot_address_hides_its_token(url, masked):
    from omnichannel_cli.doctor import mask_url

    assert mask_url(url) == masked
