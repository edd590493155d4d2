"""No single file stops a day's ingest, and nothing is followed, hung on or left behind.

Each hostile file sits beside a good export (the hand-typed PDD order file), and the good one must
load whatever happens to the other. The hostile files are made here, small and by hand.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from ingestion import load
from ingestion.cli import EXIT_FAILED, EXIT_OK, EXIT_QUARANTINED, EXIT_USAGE, main
from ingestion.load import ingest
from ingestion.quarantine import NAME_MAX
from ingestion.scratch import scratch_root

VERBATIM = Path(__file__).parents[1] / "fixtures" / "verbatim" / "exports"
GOOD = "orders_export_20260501120000.csv"  # PDD, 3 orders, tab-padded cells
JD_LEGACY = "订单列表_20260501120000.csv"  # GBK, 4 rows


def _landing(tmp_path: Path) -> Path:
    landing = tmp_path / "landing"
    landing.mkdir()
    shutil.copy2(VERBATIM / GOOD, landing / GOOD)
    return landing


def _ingest(tmp_path: Path, landing: Path):
    return ingest(landing, tmp_path / "wh" / "w.duckdb", tmp_path / "quarantine")


def _by_name(report) -> dict[str, object]:
    return {f.source_file: f for f in report.files}


def _good_loaded(report) -> None:
    good = _by_name(report)[GOOD]
    assert (good.status, good.rows_loaded) == ("loaded", 3), good.error


def test_a_name_in_gbk_bytes_loads_under_its_chinese_text(tmp_path):
    """`unzip` leaves a Windows zip's names as GBK bytes: such a name crashed every ingest with a
    UnicodeEncodeError until a person removed the file."""
    landing = _landing(tmp_path)
    gbk = os.fsdecode(os.fsencode(landing) + b"/" + JD_LEGACY.encode("gbk"))
    shutil.copy2(VERBATIM / JD_LEGACY, gbk)
    report = _ingest(tmp_path, landing)
    _good_loaded(report)
    jd = _by_name(report)[JD_LEGACY]
    assert (jd.status, jd.table, jd.rows_loaded) == ("loaded", "jd__orders", 4)
    with duckdb.connect(str(tmp_path / "wh" / "w.duckdb"), read_only=True) as con:
        assert con.execute("select distinct _source_file from raw.jd__orders").fetchall() == [(JD_LEGACY,)]


def test_a_name_neither_utf8_nor_gbk_is_quarantined_under_a_readable_name(tmp_path):
    landing = _landing(tmp_path)
    Path(os.fsdecode(os.fsencode(landing) + b"/\xff\xfe_export.csv")).write_bytes(
        "门店,负责人\n杭州,张三\n".encode()
    )
    report = _ingest(tmp_path, landing)
    _good_loaded(report)
    bad = _by_name(report)["\\xff\\xfe_export.csv"]
    assert bad.status == "quarantined" and "not a known export" in bad.error
    assert (tmp_path / "quarantine" / "\\xff\\xfe_export.csv.error.txt").exists()


def test_a_file_whose_error_file_name_would_be_too_long_is_quarantined_with_a_short_one(tmp_path):
    """A ~250-byte name plus `.error.txt` exceeds the file-name limit: the run crashed after moving
    the file, leaving it without a manifest row or an error file."""
    landing = _landing(tmp_path)
    name = "未知导出" * 20 + "_20260501.csv"  # 253 bytes
    assert len(name.encode()) <= NAME_MAX < len((name + ".error.txt").encode())
    (landing / name).write_text("门店,负责人\n杭州,张三\n", encoding="utf-8")
    report = _ingest(tmp_path, landing)
    _good_loaded(report)
    bad = _by_name(report)[name]
    assert bad.status == "quarantined" and bad.quarantined_to == tmp_path / "quarantine" / name
    (error_file,) = (tmp_path / "quarantine").glob("*.error.txt")
    assert len(error_file.name.encode()) <= NAME_MAX
    assert f"File: {name}" in error_file.read_text(encoding="utf-8")
    with duckdb.connect(str(tmp_path / "wh" / "w.duckdb"), read_only=True) as con:
        assert con.execute("select status from raw._ingested_files where path = ?", [name]).fetchall() == [
            ("quarantined",)
        ]


def test_a_file_moved_away_between_listing_and_reading_is_skipped(tmp_path, monkeypatch):
    landing = _landing(tmp_path)
    gone = landing / "orders_export_20260501130000.csv"
    real = load.discover
    monkeypatch.setattr(load, "discover", lambda folder: [gone, *real(folder)])
    report = _ingest(tmp_path, landing)
    _good_loaded(report)
    skipped = _by_name(report)[gone.name]
    assert skipped.status == "skipped"
    assert (
        skipped.error
        == f"{gone.name}: moved or deleted after it was listed; skipped, tried again on the next run"
    )


def test_a_line_with_a_million_fields_is_refused_before_duckdb_reads_it(tmp_path):
    """DuckDB's reject tracking is super-linear in the fields of a line: 1,000,000 commas hung the
    ingest (40k fields: 6.7 s and 1.4 GB)."""
    landing = _landing(tmp_path)
    lines = (VERBATIM / GOOD).read_bytes().split(b"\n")
    lines.insert(2, b"," * 1_000_000 + b"\r")
    (landing / "orders_export_20260501130000.csv").write_bytes(b"\n".join(lines))
    report = _ingest(tmp_path, landing)
    _good_loaded(report)
    wide = _by_name(report)["orders_export_20260501130000.csv"]
    assert wide.status == "quarantined"
    assert "line 3 has 1,000,001 fields where the export has 23 columns" in wide.error


def test_mixed_line_endings_load_every_row(tmp_path):
    """One `echo >>` on a CRLF export: DuckDB refused the file ("state machine reached an invalid
    state") and it was quarantined."""
    landing = tmp_path / "landing"
    landing.mkdir()
    rows = [
        r for r in (VERBATIM / GOOD).read_bytes().decode("utf-8-sig").replace("\r\n", "\n").split("\n") if r
    ]
    text = "\r\n".join(rows[:-1]) + "\r\n" + rows[-1] + "\n"
    assert 0 < text.count("\r\n") < text.count("\n")
    (landing / GOOD).write_bytes(text.encode())
    report = _ingest(tmp_path, landing)
    _good_loaded(report)


def test_a_link_to_a_file_outside_the_landing_folder_is_not_followed(tmp_path):
    landing = _landing(tmp_path)
    outside = tmp_path / "elsewhere" / "orders_export_20260501130000.csv"
    outside.parent.mkdir()
    outside.write_text("门店,负责人\n杭州,张三\n", encoding="utf-8")
    (landing / outside.name).symlink_to(outside)
    report = _ingest(tmp_path, landing)
    _good_loaded(report)
    link = _by_name(report)[outside.name]
    assert link.status == "skipped" and "outside the landing folder; not followed" in link.error
    assert outside.exists() and not (tmp_path / "quarantine").exists()  # never read, never moved


def test_scratch_folders_stay_private_beside_the_warehouse_and_a_killed_runs_are_removed(tmp_path):
    """Decoded copies of exports (names, phones, addresses) were left in $TMPDIR by a killed ingest."""
    landing = _landing(tmp_path)
    shutil.copy2(VERBATIM / JD_LEGACY, landing / JD_LEGACY)  # GB18030: decoded into a scratch copy
    root = scratch_root(tmp_path / "wh" / "w.duckdb")
    dead = root / "ingest-999999999-x"  # no such process
    dead.mkdir(parents=True)
    (dead / "grid0.csv").write_text("13900000000", encoding="utf-8")
    report = _ingest(tmp_path, landing)
    _good_loaded(report)
    assert not dead.exists()
    assert list(root.iterdir()) == []  # the run's own folder is gone too
    assert root.stat().st_mode & 0o777 == 0o700


def _cli(tmp_path: Path, landing: Path, *extra: str) -> int:
    return main(
        [
            "--landing",
            str(landing),
            "--warehouse",
            str(tmp_path / "wh" / "w.duckdb"),
            "--quarantine",
            str(tmp_path / "quarantine"),
            "--quiet",
            *extra,
        ]
    )


def test_exit_codes_tell_done_from_set_aside_from_misuse_from_failure(tmp_path, capsys):
    landing = _landing(tmp_path)
    assert _cli(tmp_path, landing) == EXIT_OK
    (landing / "月度汇总_自制.csv").write_text("门店,负责人\n杭州,张三\n", encoding="utf-8")
    assert _cli(tmp_path, landing) == EXIT_QUARANTINED
    capsys.readouterr()
    assert _cli(tmp_path, tmp_path / "no_such_folder") == EXIT_USAGE
    err = capsys.readouterr().err
    assert err.startswith(f"error: the landing folder {tmp_path / 'no_such_folder'} does not exist")


def test_a_warehouse_held_by_another_writer_fails_naming_the_process(tmp_path, capsys):
    landing = _landing(tmp_path)
    warehouse = tmp_path / "wh" / "w.duckdb"
    warehouse.parent.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(warehouse)!r}); "
            "print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        assert _cli(tmp_path, landing) == EXIT_FAILED
    finally:
        holder.kill()
        holder.wait()
    err = capsys.readouterr().err
    assert err.startswith(f"error: the warehouse {warehouse} is in use by process {holder.pid}")
    assert "Traceback" not in err


def test_a_failed_rollback_does_not_hide_the_failure():
    """DuckDB aborts the transaction itself on a full disk; ROLLBACK then said "no transaction is
    active", and that, not "No space left on device", was what a user read."""
    with duckdb.connect() as con:
        load._rollback(con)  # no transaction: nothing raised


@pytest.mark.parametrize("fields", [40_000])
def test_wide_lines_are_found_without_parsing(fields):
    from ingestion.readers import widest_line

    data = b"a,b,c\n1,2,3\n" + b"," * (fields - 1) + b"\n4,5,6\n"
    assert widest_line(data, b",", 1000) == (3, fields)
    assert widest_line(b"a,b,c\n1,2,3\n", b",", 1000) is None


TMALL_2017 = "ExportOrderList201707081200.csv"  # GBK, every cell quoted, 3 orders


def _tmall_variants(landing: Path, n: int) -> list[str]:
    """`n` 订单报表 files with distinct bytes (a different 买家留言 each), so none is a duplicate."""
    text = (VERBATIM / TMALL_2017).read_bytes().decode("gb18030")
    names = []
    for i in range(n):
        name = f"ExportOrderList2017070812{i:02d}.csv"
        variant = text.replace('"买家已付款，等待卖家发货","",', f'"买家已付款，等待卖家发货","留言{i}",', 1)
        (landing / name).write_bytes(variant.encode("gb18030"))
        names.append(name)
    return names


def test_a_download_cut_inside_a_quoted_cell_rejects_its_last_record(tmp_path):
    """In a batch of 6+ files DuckDB dropped the torn last row without a rejected-row record, so
    rows read = loaded + rejected held while a row was gone."""
    landing = tmp_path / "landing"
    landing.mkdir()
    names = _tmall_variants(landing, 7)
    torn = landing / names[-1]
    data = torn.read_bytes()
    torn.write_bytes(data[: data.rfind(b',"', 0, len(data) - 40) + 2])  # ends just inside a quoted cell
    report = _ingest(tmp_path, landing)
    for name in names[:-1]:
        assert (_by_name(report)[name].status, _by_name(report)[name].rows_loaded) == ("loaded", 3)
    cut = _by_name(report)[names[-1]]
    assert (cut.status, cut.rows_read, cut.rows_loaded, cut.rows_rejected) == ("loaded", 3, 2, 1)
    with duckdb.connect(str(tmp_path / "wh" / "w.duckdb"), read_only=True) as con:
        (row, reason, text) = con.execute(
            "select _row_number, reason, raw_text from raw._rejected_rows where _source_file = ?", [names[-1]]
        ).fetchone()
    assert row == 4 and reason.startswith("the last record of the file is incomplete")
    assert text.startswith('="35153131473293581"')


def test_a_nul_byte_past_the_first_4_kib_rejects_its_row(tmp_path):
    """The NUL check looked at the first 4 KiB only: later NUL bytes were loaded into raw."""
    landing = tmp_path / "landing"
    landing.mkdir()
    text = (VERBATIM / TMALL_2017).read_bytes().decode("gb18030")
    damaged = text.replace(
        '"买家已付款，等待卖家发货","",', '"买家已付款，等待卖家发货","' + "x" * 5000 + '\x00",', 1
    )
    (landing / TMALL_2017).write_bytes(damaged.encode("gb18030"))
    report = _ingest(tmp_path, landing)
    f = _by_name(report)[TMALL_2017]
    assert (f.status, f.rows_read, f.rows_loaded, f.rows_rejected) == ("loaded", 3, 2, 1)
    with duckdb.connect(str(tmp_path / "wh" / "w.duckdb"), read_only=True) as con:
        assert con.execute(
            "select count(*) from raw.tmall__orders where contains(buyer_message, chr(0))"
        ).fetchone() == (0,)
        (row, reason) = con.execute("select _row_number, reason from raw._rejected_rows").fetchone()
    assert row == 2 and reason.startswith("the row holds NUL bytes")


def test_a_file_still_being_written_is_left_for_the_next_run(tmp_path, monkeypatch):
    """It was hashed at one size and read at another: the next run loaded it again, doubling rows."""
    landing = _landing(tmp_path)
    growing = landing / "orders_export_20260501130000.csv"
    growing.write_bytes((VERBATIM / GOOD).read_bytes())
    real_read = Path.read_bytes

    def read_while_written(self: Path) -> bytes:
        data = real_read(self)
        if self == growing:
            with self.open("ab") as fh:  # the writer appends while the loader reads
                fh.write(b"more\r\n")
        return data

    monkeypatch.setattr(Path, "read_bytes", read_while_written)
    report = _ingest(tmp_path, landing)
    _good_loaded(report)
    busy = _by_name(report)[growing.name]
    assert busy.status == "skipped" and "still being written" in busy.error
    assert growing.exists()  # not quarantined mid-write


def test_a_zip_bomb_is_refused_without_unpacking_it(tmp_path):
    """A member of a few KB that unpacks to gigabytes would have been read into memory whole."""
    import io
    import zipfile

    landing = _landing(tmp_path)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("订单.csv", b"0" * (64 << 20))  # 64 MiB of zeros: ~64 KB compressed, ratio ~1000
    (landing / "1777608000_订单导出.zip").write_bytes(buf.getvalue())
    report = _ingest(tmp_path, landing)
    _good_loaded(report)
    bomb = _by_name(report)["1777608000_订单导出.zip"]
    assert bomb.status == "quarantined" and "refused as a damaged archive or a zip bomb" in bomb.error


def test_a_batch_that_runs_far_too_long_is_interrupted_and_its_file_refused(tmp_path, monkeypatch):
    """The watchdog: a file whose staging never ends (here a stand-in query that would run for
    hours) is interrupted after its budget and quarantined, and the run goes on."""
    landing = tmp_path / "landing"
    landing.mkdir()
    shutil.copy2(VERBATIM / JD_LEGACY, landing / JD_LEGACY)
    real_stage = load.stage_batch

    def endless_for_jd(con, name, plans):
        if plans[0].template.table == "jd__orders":
            con.execute("select count(*) from range(1000000000000) a where a.range % 7 = 3").fetchall()
        return real_stage(con, name, plans)

    monkeypatch.setattr(load, "stage_batch", endless_for_jd)
    monkeypatch.setattr(load, "batch_budget", lambda input_bytes: 0.5)
    shutil.copy2(VERBATIM / GOOD, landing / GOOD)
    report = _ingest(tmp_path, landing)
    _good_loaded(report)
    slow = _by_name(report)[JD_LEGACY]
    assert slow.status == "quarantined"
    assert "reading it took longer than 0 s, the limit for its size" in slow.error
