"""A normal day of exports with every hostile file of tests/ingestion/test_hostile_files.py beside it:
every good row loads (as many as without them), and the exit code and summary say what was set
aside and why."""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import duckdb
import pytest

from benchmarks.split import files_by_day
from ingestion.cli import EXIT_QUARANTINED, main
from ingestion.load import ingest
from ingestion.scratch import scratch_root
from omnichannel_config import Paths
from tests.ingestion.raw_counts import raw_row_counts

pytestmark = [pytest.mark.slow]

VERBATIM = Path(__file__).parents[1] / "fixtures" / "verbatim" / "exports"
GOOD = "orders_export_20260501120000.csv"


def _one_day(tiny: Paths, landing: Path) -> int:
    """Copy the simulation's exports of its last day (the answer key says which); the number copied."""
    days = files_by_day(tiny.answer_key_dir)
    files = days[max(days)]
    for rel in files:
        (landing / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(tiny.landing_dir / rel, landing / rel)
    return len(files)


def _hostile(landing: Path, outside: Path) -> dict[str, str]:
    """Every hostile file; name → what the run must do with it."""
    folder = landing / "hostile"
    folder.mkdir()
    good = (VERBATIM / GOOD).read_bytes()
    out = {}
    gbk = os.fsdecode(os.fsencode(folder) + b"/" + "订单列表_20260501120000.csv".encode("gbk"))
    shutil.copy2(VERBATIM / "订单列表_20260501120000.csv", gbk)
    out["hostile/订单列表_20260501120000.csv"] = "loaded"
    long_name = "未知导出" * 20 + "_20260501.csv"
    (folder / long_name).write_text("门店,负责人\n杭州,张三\n", encoding="utf-8")
    out[f"hostile/{long_name}"] = "quarantined"
    lines = good.split(b"\n")
    lines.insert(2, b"," * 1_000_000 + b"\r")
    (folder / "orders_export_20260501130000.csv").write_bytes(b"\n".join(lines))
    out["hostile/orders_export_20260501130000.csv"] = "quarantined"
    rows = [r for r in good.decode("utf-8-sig").replace("\r\n", "\n").split("\n") if r]
    rows[1] = rows[1].replace("260501-607198974342268", "260501-607198974342999")
    mixed = "\r\n".join(rows[:-1]) + "\r\n" + rows[-1] + "\n"
    (folder / "orders_export_20260501140000.csv").write_bytes(mixed.encode())
    out["hostile/orders_export_20260501140000.csv"] = "loaded"
    outside.write_bytes(good)
    (folder / "orders_export_20260501150000.csv").symlink_to(outside)
    out["hostile/orders_export_20260501150000.csv"] = "skipped"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("订单.csv", b"0" * (64 << 20))
    (folder / "1777608000_订单导出.zip").write_bytes(buf.getvalue())
    out["hostile/1777608000_订单导出.zip"] = "quarantined"
    return out


def test_a_normal_day_loads_every_good_row_beside_every_hostile_file(
    tmp_path, tiny_paths: Paths, tiny_simulation, capsys
):
    clean, dirty = tmp_path / "clean", tmp_path / "dirty"
    copied = _one_day(tiny_paths, clean / "landing")
    assert copied > 20
    shutil.copytree(clean / "landing", dirty / "landing")
    expected = _hostile(dirty / "landing", tmp_path / "outside.csv")

    report = ingest(clean / "landing", clean / "w.duckdb", clean / "q")
    assert report.ok and len(report.loaded) == copied

    code = main(
        [
            "--landing",
            str(dirty / "landing"),
            "--warehouse",
            str(dirty / "w.duckdb"),
            "--quarantine",
            str(dirty / "q"),
        ]
    )
    out = capsys.readouterr().out
    assert code == EXIT_QUARANTINED
    with duckdb.connect(str(dirty / "w.duckdb"), read_only=True) as con:
        statuses = dict(con.execute("select path, status from raw._ingested_files").fetchall())
    for name, status in expected.items():
        if status == "skipped":
            assert f"SKIPPED {name}: a link to a file outside the landing folder" in out
        else:
            assert statuses.get(name) == status, (name, statuses.get(name))
        if status == "quarantined":
            assert f"QUARANTINED {name} ->" in out
    # every good row of the day, plus the hostile files that are good (GBK name: 4 JD rows; mixed
    # line endings: 3 PDD rows)
    good = raw_row_counts(clean / "w.duckdb")
    dirty_rows = raw_row_counts(dirty / "w.duckdb")
    assert dirty_rows.pop("jd__orders") == good.pop("jd__orders") + 4
    assert dirty_rows.pop("pdd__orders") == good.pop("pdd__orders") + 3
    assert dirty_rows == good
    assert list(scratch_root(dirty / "w.duckdb").iterdir()) == []
