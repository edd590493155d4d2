"""Idempotency, duplicates, crash safety, the CLI, the table filter and the sensor helpers."""

from __future__ import annotations

import argparse
import io
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from ingestion import load
from ingestion.cli import run
from ingestion.errors import IngestError
from ingestion.load import ingest, pending_files, recognise
from ingestion.templates import get_template, load_templates
from tests.fixtures.make_export_fixtures import csv_text, row_for
from tests.ingestion.conftest import FIXTURES, make_landing

CLEAN = ["结算明细_20260501.csv", "多多推广_20260501_20260501.csv", "会员列表_20260501.xlsx"]


def counts(warehouse: Path) -> dict[str, int]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        tables = ["jd__settlement", "pdd__ads", "crm__members", "_ingested_files"]
        tables += ["_rejected_rows", "_total_rows"]
        return {t: con.execute(f"SELECT count(*) FROM raw.{t}").fetchone()[0] for t in tables}
    finally:
        con.close()


def test_loading_twice_adds_nothing(tmp_path):
    landing, wh, q = make_landing(tmp_path, CLEAN)
    first = ingest(landing, wh, q)
    assert [f.status for f in first.files] == ["loaded"] * 3
    before = counts(wh)
    second = ingest(landing, wh, q)
    assert [f.status for f in second.files] == ["unchanged"] * 3
    assert counts(wh) == before


def test_renamed_copy_is_a_duplicate(tmp_path):
    landing, wh, q = make_landing(tmp_path, CLEAN)
    ingest(landing, wh, q)
    before = counts(wh)
    shutil.copy2(landing / CLEAN[0], landing / "结算明细_20260502.csv")
    (landing / "sub").mkdir()
    shutil.move(landing / CLEAN[1], landing / "sub" / "renamed.csv")
    report = ingest(landing, wh, q)
    status = {f.source_file: f.status for f in report.files}
    assert status["结算明细_20260502.csv"] == "duplicate"
    assert status["sub/renamed.csv"] == "duplicate"
    after = counts(wh)
    assert after["_ingested_files"] == before["_ingested_files"] + 2
    assert {k: v for k, v in after.items() if k != "_ingested_files"} == {
        k: v for k, v in before.items() if k != "_ingested_files"
    }
    # and a third run records nothing more
    ingest(landing, wh, q)
    assert counts(wh) == after


def test_overlapping_reexport_loads_fully(tmp_path):
    landing, wh, q = make_landing(tmp_path, CLEAN[:1])
    ingest(landing, wh, q)
    t = get_template("jd", "settlement")
    rows = [t.headers] + [row_for(t, i) for i in range(5)]  # same orders, one more row
    (landing / "结算明细_20260501 (1).csv").write_text(csv_text(rows), encoding="utf-8")
    report = ingest(landing, wh, q)
    new = next(f for f in report.files if f.source_file == "结算明细_20260501 (1).csv")
    assert (new.status, new.rows_loaded) == ("loaded", 5)
    assert counts(wh)["jd__settlement"] == 3 + 5


def test_crash_mid_chunk_leaves_nothing(tmp_path, monkeypatch):
    landing, wh, q = make_landing(tmp_path, CLEAN[:1])

    def boom(con, rows):
        raise RuntimeError("simulated crash after the insert")

    monkeypatch.setattr(load, "record_many", boom)
    with pytest.raises(RuntimeError, match="simulated crash"):
        ingest(landing, wh, q)
    c = counts(wh)
    assert c["jd__settlement"] == 0 and c["_rejected_rows"] == 0 and c["_ingested_files"] == 0
    assert (landing / CLEAN[0]).exists()
    monkeypatch.undo()
    report = ingest(landing, wh, q)  # and the next run loads it
    assert report.files[0].status == "loaded"
    assert counts(wh)["jd__settlement"] == 3


def test_a_chunk_that_fails_to_insert_is_loaded_file_by_file(tmp_path, monkeypatch):
    landing, wh, q = make_landing(tmp_path, CLEAN)

    def broken(con, staged, files):
        raise duckdb.ConversionException("simulated failure of the chunk's insert")

    monkeypatch.setattr(load, "insert_batch", broken)
    report = ingest(landing, wh, q)
    assert [f.status for f in report.files] == ["loaded"] * len(CLEAN)
    monkeypatch.undo()
    ref_landing, ref_wh, ref_q = make_landing(tmp_path / "reference", CLEAN)
    reference = ingest(ref_landing, ref_wh, ref_q)
    assert [f.rows_loaded for f in report.files] == [f.rows_loaded for f in reference.files]
    assert counts(wh) == counts(ref_wh)


def _args(landing, wh, q) -> argparse.Namespace:
    return argparse.Namespace(landing=landing, warehouse=wh, quarantine=q, tables=None, quiet=False)


def test_cli_exit_codes_and_summary(tmp_path):
    landing, wh, q = make_landing(tmp_path / "clean", CLEAN)
    out = io.StringIO()
    assert run(_args(landing, wh, q), out) == 0
    text = out.getvalue()
    assert "结算明细_20260501.csv" in text and "jd__settlement__v_reconciliation" in text
    assert "3 files (3 loaded)" in text and "rejected 1" in text

    landing, wh, q = make_landing(tmp_path / "bad", [*CLEAN, "月度汇总_自制.csv"])
    out = io.StringIO()
    assert run(_args(landing, wh, q), out) == 1
    assert "QUARANTINED 月度汇总_自制.csv" in out.getvalue()


def test_cli_registers_ingest_subcommand():
    parser = argparse.ArgumentParser()
    from ingestion.cli import register

    register(parser.add_subparsers())
    args = parser.parse_args(["ingest", "--landing", "x", "--warehouse", "w.duckdb"])
    assert args.func is run and args.landing == Path("x") and args.quarantine is None


def test_table_filter(tmp_path):
    landing, wh, q = make_landing(tmp_path)
    report = ingest(landing, wh, q, tables={"pdd__ads", "jd__settlement"})
    loaded = {f.source_file for f in report.loaded}
    assert loaded == {"多多推广_20260501_20260501.csv", "结算明细_20260501.csv"}
    # files of other tables, and bad files named like other tables, are left for their own runs
    assert not report.quarantined
    assert (landing / "快手订单_20260501123000.csv").exists()
    assert report.tables["pdd__ads"].rows_loaded == 3


def test_pending_files_and_recognise(tmp_path):
    landing, wh, q = make_landing(tmp_path, CLEAN)
    assert [p.name for p in pending_files(landing, wh)] == sorted(CLEAN)
    ingest(landing, wh, q)
    assert pending_files(landing, wh) == []
    (landing / "new.csv").write_bytes((FIXTURES / "拼多多_交易数据_20260501.csv").read_bytes())
    assert [p.name for p in pending_files(landing, wh)] == ["new.csv"]
    assert recognise(landing / "new.csv").template_id == "pdd__traffic__v_shop_overview"
    with pytest.raises(IngestError, match="not a known export"):
        recognise(FIXTURES / "月度汇总_自制.csv")


def test_new_template_version_adds_columns(tmp_path):
    """Header drift is a new template file: its new column is added to the raw table."""
    src = get_template("pdd", "traffic").path
    tdir = tmp_path / "templates"
    tdir.mkdir()
    shutil.copy(src, tdir / "traffic__v_shop_overview.yaml")
    v2 = src.read_text(encoding="utf-8").replace("version: v_shop_overview", "version: v2")
    v2 += "- header: 新访客数\n  column: new_uv\n  parser: int\n"
    (tdir / "traffic__v2.yaml").write_text(v2, encoding="utf-8")
    templates = load_templates([tdir])

    landing, wh, q = make_landing(tmp_path, ["拼多多_交易数据_20260501.csv"])
    old = [t for t in templates if t.version == "v_shop_overview"]
    report = ingest(landing, wh, q, templates=old)  # the registry before the drift
    assert report.files[0].template == "pdd__traffic__v_shop_overview"
    t = get_template("pdd", "traffic")
    text = csv_text([[*t.headers, "新访客数"], [*row_for(t, 5), "7"]])
    (landing / "拼多多_交易数据_20260502.csv").write_text(text, encoding="utf-8")
    report = ingest(landing, wh, q, templates=templates)
    assert report.files[-1].template == "pdd__traffic__v2"
    con = duckdb.connect(str(wh), read_only=True)
    rows = con.execute(
        "SELECT _header_version, new_uv FROM raw.pdd__traffic ORDER BY _row_number, 1"
    ).fetchall()
    con.close()
    assert sorted(rows, key=str) == sorted([("v_shop_overview", None), ("v2", "7")], key=str)


def test_bad_line_mid_file_keeps_row_numbers(tmp_path):
    t = get_template("jd", "settlement")
    rows = [csv_text([r]) for r in [t.headers] + [row_for(t, i) for i in range(5)]]
    rows[2] = "only,three,fields\r\n"  # data row on spreadsheet row 3 is broken
    landing, wh, q = make_landing(tmp_path, [])
    (landing / "结算明细_20260503.csv").write_text("".join(rows), encoding="utf-8")
    report = ingest(landing, wh, q)
    f = report.files[0]
    assert (f.rows_read, f.rows_loaded, f.rows_rejected) == (5, 4, 1)
    con = duckdb.connect(str(wh), read_only=True)
    got = con.execute("SELECT _row_number, order_id FROM raw.jd__settlement ORDER BY 1").fetchall()
    rej = con.execute("SELECT _row_number FROM raw._rejected_rows").fetchall()
    con.close()
    assert got == [(2, "260501000000"), (4, "260501000200"), (5, "260501000300"),
                   (6, "260501000400")]  # fmt: skip
    assert rej == [(3,)]


@pytest.mark.parametrize("path", ["chunk", "file by file"])
def test_consecutive_bad_lines_keep_row_numbers(tmp_path, monkeypatch, path):
    """Rows after rejected lines keep their spreadsheet rows, whether the chunk loads in one
    transaction or falls back to one transaction per file."""
    if path == "file by file":

        def broken(con, staged, files):
            raise duckdb.ConversionException("simulated failure of the chunk's insert")

        monkeypatch.setattr(load, "insert_batch", broken)
    t = get_template("jd", "settlement")
    landing, wh, q = make_landing(tmp_path, [])
    for n in range(2):
        rows = [csv_text([r]) for r in [t.headers] + [row_for(t, 10 * n + i) for i in range(8)]]
        for broken_row in (3, 4, 7):  # spreadsheet rows; 3 and 4 in a row
            rows[broken_row - 1] = "only,three,fields\r\n"
        (landing / f"结算明细_2026051{n}.csv").write_text("".join(rows), encoding="utf-8")
    report = ingest(landing, wh, q)
    assert [(f.rows_read, f.rows_loaded, f.rows_rejected) for f in report.files] == [(8, 5, 3)] * 2
    con = duckdb.connect(str(wh), read_only=True)
    for n in range(2):
        got = con.execute(
            "SELECT _row_number, order_id FROM raw.jd__settlement WHERE _source_file = ? ORDER BY 1",
            [f"结算明细_2026051{n}.csv"],
        ).fetchall()
        assert got == [(r, row_for(t, 10 * n + r - 2)[0]) for r in (2, 5, 6, 8, 9)]
    rejected = con.execute("SELECT DISTINCT _row_number FROM raw._rejected_rows ORDER BY 1").fetchall()
    con.close()
    assert rejected == [(3,), (4,), (7,)]


def _settlement_csv(rows_wanted: int, first: int = 0, **cells: tuple[int, str]) -> str:
    """A jd settlement CSV; `cells` sets {header: (data row index, value)}."""
    t = get_template("jd", "settlement")
    rows = [t.headers] + [row_for(t, i) for i in range(first, first + rows_wanted)]
    for header, (i, value) in cells.items():
        rows[1 + i][t.headers.index(header)] = value
    return csv_text(rows)


def _rejected(wh: Path, name: str) -> list[tuple]:
    con = duckdb.connect(str(wh), read_only=True)
    try:
        return con.execute(
            "SELECT _row_number, reason FROM raw._rejected_rows WHERE _source_file = ? ORDER BY 1", [name]
        ).fetchall()
    finally:
        con.close()


def test_checks_agree_alone_and_in_a_batch(tmp_path):
    """A file is checked with the other files of its template in one query; its reasons and row
    numbers must not depend on its batch."""
    t = get_template("jd", "settlement")
    rows = [t.headers] + [row_for(t, i) for i in range(4)]
    rows[2][t.headers.index("应结金额")] = "HSC25016"
    rows[3][t.headers.index("商品数量")] = "2.5"
    rows[3][t.headers.index("订单编号")] = "-"
    text = csv_text(rows)
    name = "结算明细_20260504.csv"
    reasons = []
    for others in (0, 3):
        landing, wh, q = make_landing(tmp_path / str(others), [])
        (landing / name).write_text(text, encoding="utf-8")
        for n in range(others):  # files of the same export before and after it
            other = f"结算明细_2026050{3 + 2 * n}.csv"
            (landing / other).write_text(_settlement_csv(2 + n, first=10 * n), encoding="utf-8")
        report = ingest(landing, wh, q)
        assert {f.status for f in report.files} == {"loaded"}
        reasons.append(_rejected(wh, name))
    assert reasons[0] == reasons[1]
    assert [r[0] for r in reasons[0]] == [3, 4]
    assert reasons[0][0][1] == (
        "column 应结金额 (amount) = 'HSC25016' is not an amount like 1,234.56, ¥1,234.56, "
        "1234.56元 or (123.45)"
    )
    assert reasons[0][1][1] == (
        "required column 订单编号 (order_id) is empty; "
        "column 商品数量 (quantity) = '2.5' is not a whole number like 1,234"
    )


def test_damaged_file_in_a_batch_is_quarantined_alone(tmp_path):
    """Three files of one export are staged together; the one with Excel-damaged ids is
    quarantined and the other two load in full."""
    landing, wh, q = make_landing(tmp_path, [])
    good = ["结算明细_20260501.csv", "结算明细_20260503.csv"]
    bad = "结算明细_20260502.csv"
    (landing / good[0]).write_text(_settlement_csv(3), encoding="utf-8")
    (landing / bad).write_text(_settlement_csv(4, first=10, 订单编号=(2, "2.60501E+11")), encoding="utf-8")
    (landing / good[1]).write_text(_settlement_csv(5, first=20), encoding="utf-8")
    report = ingest(landing, wh, q)
    status = {f.source_file: (f.status, f.rows_loaded) for f in report.files}
    assert status == {good[0]: ("loaded", 3), bad: ("quarantined", 0), good[1]: ("loaded", 5)}
    text = (q / f"{bad}.error.txt").read_text(encoding="utf-8")
    assert "row 4, column '订单编号' holds '2.60501E+11'" in text
    assert not (landing / bad).exists()
    c = counts(wh)
    assert (c["jd__settlement"], c["_rejected_rows"], c["_ingested_files"]) == (8, 0, 3)
    con = duckdb.connect(str(wh), read_only=True)
    rows = con.execute(
        "SELECT _source_file, list(_row_number ORDER BY _row_number) FROM raw.jd__settlement "
        "GROUP BY 1 ORDER BY 1"
    ).fetchall()
    con.close()
    assert rows == [(good[0], [2, 3, 4]), (good[1], [2, 3, 4, 5, 6])]


def test_many_files_in_one_batch_keep_their_rows_and_lines(tmp_path):
    """One read_csv over many files: each row keeps its file, its order and its spreadsheet row,
    also after a malformed line."""
    t = get_template("jd", "settlement")
    landing, wh, q = make_landing(tmp_path, [])
    expected = {}
    for n in range(12):
        rows = [csv_text([r]) for r in [t.headers] + [row_for(t, 100 * n + i) for i in range(n + 2)]]
        if n % 5 == 1:
            rows[2] = "only,three,fields\r\n"  # spreadsheet row 3 is broken
        name = f"结算明细_202605{n + 10:02d}.csv"
        (landing / name).write_text("".join(rows), encoding="utf-8")
        kept = [(r, row_for(t, 100 * n + r - 2)[0]) for r in range(2, n + 4) if not (n % 5 == 1 and r == 3)]
        expected[name] = kept
    report = ingest(landing, wh, q)
    assert {f.status for f in report.files} == {"loaded"}
    con = duckdb.connect(str(wh), read_only=True)
    for name, kept in expected.items():
        got = con.execute(
            "SELECT _row_number, order_id FROM raw.jd__settlement WHERE _source_file = ? ORDER BY 1", [name]
        ).fetchall()
        assert got == kept, name
    rejected = con.execute("SELECT _source_file, _row_number FROM raw._rejected_rows ORDER BY 1").fetchall()
    con.close()
    assert rejected == [
        ("结算明细_20260511.csv", 3),
        ("结算明细_20260516.csv", 3),
        ("结算明细_20260521.csv", 3),
    ]


def test_files_with_their_recorded_size_and_mtime_are_not_read_again(tmp_path):
    landing, wh, q = make_landing(tmp_path, CLEAN)
    ingest(landing, wh, q)
    before = counts(wh)
    # Same size and modification time, different bytes: taken as unchanged without reading it.
    victim = landing / CLEAN[0]
    st = victim.stat()
    data = bytearray(victim.read_bytes())
    data[-2:] = b"~~" if data[-2:] != b"~~" else b"!!"
    victim.write_bytes(bytes(data))
    os.utime(victim, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert [f.status for f in ingest(landing, wh, q).files] == ["unchanged"] * 3
    assert counts(wh) == before
    # --rehash reads every file and finds the new bytes.
    rehashed = {f.source_file: f.status for f in ingest(landing, wh, q, rehash=True).files}
    assert rehashed[CLEAN[0]] != "unchanged"
    assert [rehashed[n] for n in CLEAN[1:]] == ["unchanged"] * 2


def test_a_touched_file_is_hashed_again_and_stays_unchanged(tmp_path):
    landing, wh, q = make_landing(tmp_path, CLEAN[:1])
    ingest(landing, wh, q)
    os.utime(landing / CLEAN[0], ns=(1_000_000_000, 1_000_000_000))
    assert [f.status for f in ingest(landing, wh, q).files] == ["unchanged"]
    con = duckdb.connect(str(wh), read_only=True)
    try:
        assert con.execute("SELECT mtime_ns FROM raw._file_fingerprints").fetchall() == [(1_000_000_000,)]
    finally:
        con.close()
