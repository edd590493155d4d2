"""The tiny simulation: layout, encodings, headers, determinism and agreement with the answer key."""

from __future__ import annotations

import hashlib
import re
import time
import zipfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from simulator.exports.common import simulated_templates
from simulator.exports.common import template as simulated_template
from tests.conftest import TINY_DAYS, TINY_SEED, TINY_START
from tests.simulator.readers import records, rows_of


def _files(root: Path, platform: str, export_type: str) -> list[Path]:
    return sorted((root / platform / export_type).iterdir())


def _digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_result_counts(tiny_simulation):
    assert tiny_simulation.files > 25 * TINY_DAYS // 2
    assert 2_000 <= tiny_simulation.order_lines <= 10_000
    assert str(tiny_simulation.start) == TINY_START
    assert (tiny_simulation.end - tiny_simulation.start).days == TINY_DAYS - 1


@pytest.mark.parametrize("tpl", simulated_templates(), ids=lambda t: t.table)
def test_every_export_exists_named_and_headed_by_template(tiny_paths, tiny_simulation, tpl):
    files = _files(tiny_paths.landing_dir, tpl.platform, tpl.export_type)
    assert files, f"no files for {tpl.table}"
    for f in files:
        assert tpl.file_name.match(f.name), f.name
    # Header row equals the template's raw headers (trailing spaces, \t and \n included).
    for f in (files[0], files[-1]):
        rows = rows_of(f)
        assert any(r[: len(tpl.headers)] == tpl.headers for r in rows[:6]), f


def test_encodings(tiny_paths, tiny_simulation):
    land = tiny_paths.landing_dir
    for platform, export_type in (("tmall", "orders"), ("tmall", "order_items"), ("jd", "orders")):
        data = _files(land, platform, export_type)[-1].read_bytes()
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")
        assert "订单" in data.decode("gb18030")
    for platform, export_type in (("youzan", "orders"), ("tmall", "ads"), ("crm", "members")):
        assert _files(land, platform, export_type)[0].read_bytes().startswith(b"\xef\xbb\xbf")
    pdd = _files(land, "pdd", "orders")[-1].read_bytes()
    assert not pdd.startswith(b"\xef\xbb\xbf")
    assert pdd.decode("utf-8").splitlines()[1].endswith("\t")


def test_douyin_zip_member_is_gbk_without_utf8_flag(tiny_paths, tiny_simulation):
    zips = [f for f in _files(tiny_paths.landing_dir, "douyin", "orders") if f.suffix == ".zip"]
    csvs = [f for f in _files(tiny_paths.landing_dir, "douyin", "orders") if f.suffix == ".csv"]
    assert zips and csvs
    with zipfile.ZipFile(zips[0]) as z:
        info = z.infolist()[0]
        assert not info.flag_bits & 0x800
        assert info.filename.encode("cp437").decode("gbk").endswith("_订单导出.csv")


def test_jst_plus_escape_and_tmall_quirks(tiny_paths, tiny_simulation):
    inv = rows_of(_files(tiny_paths.landing_dir, "erp", "inventory")[0])
    codes = [r[4] for r in inv[1:]]
    assert any("_x002B_" in c for c in codes) and not any("+" in c for c in codes)
    items = _files(tiny_paths.landing_dir, "tmall", "order_items")[-1]
    lines = items.read_bytes().decode("gb18030").splitlines()
    assert lines[1].endswith(",") and lines[1].startswith('="')
    orders = _files(tiny_paths.landing_dir, "tmall", "orders")[-1].read_bytes().decode("gb18030")
    assert '元"' in orders and "'1" in orders


def _paid_from_files(root: Path, platform: str) -> pd.DataFrame:
    """(order_id, paid) from the latest export of each order, parsed from the files."""
    tpl = simulated_template(platform, "orders")
    frames = []
    for f in _files(root, platform, "orders"):
        recs = pd.DataFrame(records(f, tpl))
        if recs.empty:
            continue
        recs["file"] = f.name
        recs["stamp"] = re.sub(r"\D", "", f.name)
        frames.append(recs)
    df = pd.concat(frames, ignore_index=True)
    if platform == "jd":
        # Order-level 应付金额 repeats on every row; it is paid once 付款确认时间 is set.
        df = df.drop_duplicates(["order_id", "file"])
        df["paid"] = df["paid_amount"].astype(float).where(df["paid_at"] != "", 0.0)
    elif platform == "douyin":
        df["paid"] = df["paid_amount"].str.replace(",", "").astype(float).where(df["paid_at"] != "-", 0.0)
    else:
        df["paid"] = df["paid_amount"].astype(float)
    latest = df.groupby("order_id")["stamp"].transform("max")
    return df[df["stamp"] == latest].groupby("order_id", as_index=False)["paid"].sum()


@pytest.mark.parametrize("platform", ["tmall", "jd", "pdd", "douyin", "kuaishou", "youzan"])
def test_latest_exports_agree_with_answer_key(tiny_paths, answer_key_dir, platform):
    files = _paid_from_files(tiny_paths.landing_dir, platform)
    truth = duckdb.sql(
        f"select order_id, sum(paid_amount)::double as paid from '{answer_key_dir}/order_lines.parquet' "
        f"where platform = '{platform}' group by order_id"
    ).df()
    merged = truth.merge(files, on="order_id", how="outer", suffixes=("_truth", "_file"))
    assert merged["paid_file"].notna().all() and merged["paid_truth"].notna().all()
    assert (merged["paid_truth"] - merged["paid_file"]).abs().max() < 0.005
    assert merged["paid_truth"].sum() > 1000


def test_reexported_orders_move_forward(tiny_paths, tiny_simulation):
    rank = {
        "等待买家付款": 0,
        "买家已付款，等待卖家发货": 1,
        "买家已付款,等待卖家发货": 1,
        "卖家已发货，等待买家确认": 2,
        "交易成功": 3,
        "交易关闭": 3,
    }
    tpl = simulated_template("tmall", "orders")
    seen: dict[str, int] = {}
    moved = 0
    for f in _files(tiny_paths.landing_dir, "tmall", "orders"):
        for r in records(f, tpl):
            s = rank[r["order_status"]]
            if r["order_id"] in seen:
                assert s >= seen[r["order_id"]], r["order_id"]
                moved += s > seen[r["order_id"]]
            seen[r["order_id"]] = s
    assert moved > 100


def test_stockouts_exist_and_cap_sales(answer_key_dir):
    so = duckdb.sql(f"select * from '{answer_key_dir}/stockouts.parquet'").df()
    assert len(so) > 5
    # A SKU without available stock sells (almost) nothing that day: only the occasional oversell.
    assert so["sold_units"].sum() <= 0.1 * so["demanded_units"].sum()
    ov = duckdb.sql(f"select count(*) from '{answer_key_dir}/oversell_events.parquet'").fetchone()[0]
    assert ov >= 1


def test_answer_key_business_shape(answer_key_dir):
    q = lambda sql: duckdb.sql(sql.replace("OL", f"'{answer_key_dir}/order_lines.parquet'")).df()  # noqa: E731
    mix = q("select platform, sum(paid_amount)::double g from OL group by 1").set_index("platform")["g"]
    share = mix / mix.sum()
    core = share[["tmall", "jd", "pdd"]].sum()
    assert 0.5 < core < 0.7 and 0.1 < share["youzan"] < 0.22
    statuses = set(q("select distinct status from OL")["status"])
    assert {"completed", "shipped", "paid", "closed", "cancelled"} <= statuses
    members = q(
        "select member_id is not null m, count(distinct order_id)::double / count(distinct person_id) f "
        "from OL group by 1"
    ).set_index("m")["f"]
    assert members[True] > 1.3 * members[False]


def test_tiny_is_fast_and_deterministic(tmp_path, tiny_paths, tiny_simulation):
    from simulator.api import simulate

    t0 = time.perf_counter()
    simulate(
        scale="tiny",
        seed=TINY_SEED,
        out=tmp_path / "a",
        answer_key=tmp_path / "ka",
        start=TINY_START,
        days=TINY_DAYS,
    )
    assert time.perf_counter() - t0 < 60  # ~6 s alone; generous for busy CI machines
    assert _digest(tmp_path / "a") == _digest(tiny_paths.landing_dir)
    simulate(
        scale="tiny",
        seed=TINY_SEED + 1,
        out=tmp_path / "b",
        answer_key=tmp_path / "kb",
        start=TINY_START,
        days=TINY_DAYS,
    )
    other = _digest(tmp_path / "b")
    assert other != _digest(tiny_paths.landing_dir)
