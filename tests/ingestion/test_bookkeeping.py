"""One record of a file's counts and one manifest index, shared by the loader and the landing sensor."""

from __future__ import annotations

import io
import os
import shutil

import duckdb
import pytest

from ingestion import discovery, load
from ingestion.cli import EXIT_FAILED, run
from ingestion.load import ingest, pending_files
from ingestion.manifest import Fingerprint, LoadedAs, ManifestIndex
from ingestion.report import FileResult, IngestReport, RowCountMismatch, RowCounts
from tests.ingestion.conftest import FIXTURES, make_landing
from tests.ingestion.test_ingest_behaviour import CLEAN, _args


def test_row_counts_add_and_show_through_results_and_totals(tmp_path):
    a, b = RowCounts(5, 4, 1, 2), RowCounts(3, 3, 0, 0)
    assert a + b == RowCounts(8, 7, 1, 2)
    results = [
        FileResult(tmp_path / n, n, n, 1, "loaded", table=t, counts=c)
        for n, t, c in [("a", "x__y", a), ("b", "x__y,x__z", b), ("c", "x__z", RowCounts(1, 1, 0, 0))]
    ]
    report = IngestReport(tmp_path, tmp_path, results)
    assert (results[0].rows_read, results[0].rows_loaded, results[0].rows_rejected) == (5, 4, 1)
    assert results[0].total_rows_dropped == 2
    assert report.totals().counts == RowCounts(9, 8, 1, 2) and report.totals().files == 3
    # a workbook of two tables counts as a file of each, its rows under the first
    assert {t: (v.files, v.rows_read) for t, v in report.tables.items()} == {"x__y": (2, 8), "x__z": (2, 1)}


def test_the_rows_read_invariant_names_the_file_and_the_numbers():
    assert RowCounts(8, 5, 3, 1).checked("a.csv") == RowCounts(8, 5, 3, 1)
    with pytest.raises(RowCountMismatch) as caught:
        RowCounts(8, 5, 2).checked("pdd/订单_20260501.csv")
    message = str(caught.value)
    assert message.startswith("pdd/订单_20260501.csv: 8 rows read but 5 loaded + 2 rejected = 7")
    assert "+1 unaccounted" in message and "nothing of it was committed" in message


def test_a_broken_count_commits_nothing_and_the_cli_says_which_file(tmp_path, monkeypatch, capsys):
    landing, wh, q = make_landing(tmp_path, CLEAN[:1])
    real = load.insert_batch

    def miscounted(con, staged, files):
        return {k: c + RowCounts(rows_read=1) for k, c in real(con, staged, files).items()}

    monkeypatch.setattr(load, "insert_batch", miscounted)
    assert run(_args(landing, wh, q), io.StringIO()) == EXIT_FAILED
    assert (
        f"RowCountMismatch: {CLEAN[0]}: 5 rows read but 3 loaded + 1 rejected = 4" in capsys.readouterr().err
    )
    con = duckdb.connect(str(wh), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM raw._ingested_files").fetchone() == (0,)
        assert con.execute("SELECT count(*) FROM raw.jd__settlement").fetchone() == (0,)
    finally:
        con.close()


def test_index_answers_from_fingerprints_only_for_recorded_bytes():
    index = ManifestIndex(fingerprints={"a.csv": Fingerprint(10, 99, "s1"), "b.csv": Fingerprint(5, 7, "s2")})
    index.note("a.csv", "s1", LoadedAs("x__y", "x__y__v1", "x", "y"))
    assert index.known_sha("a.csv", 10, 99) == "s1"
    assert index.known_sha("a.csv", 10, 100) is None  # touched: hash it again
    assert index.known_sha("b.csv", 5, 7) is None  # fingerprint left, manifest row deleted
    assert index.holds("a.csv", "s1") and index.holds("copy.csv", "s1") and not index.holds("b.csv", "s2")
    assert index.loaded_as("s1").table == "x__y" and index.first_path("s1") == "a.csv"
    assert not index.fingerprint_is_new("a.csv", 10, 99, "s1") and index.fingerprint_is_new(
        "a.csv", 10, 100, "s1"
    )


def test_pending_files_does_not_hash_a_known_file(tmp_path, monkeypatch):
    landing, wh, q = make_landing(tmp_path, CLEAN)
    ingest(landing, wh, q)
    discovery._sha256.cache_clear()
    hashed: list[str] = []
    real = discovery.file_sha256

    def counting(path):
        hashed.append(path.name)
        return real(path)

    monkeypatch.setattr(discovery, "file_sha256", counting)
    assert pending_files(landing, wh) == []
    assert hashed == []  # size and mtime as recorded: known without reading
    (landing / "new.csv").write_bytes((FIXTURES / "拼多多_交易数据_20260501.csv").read_bytes())
    shutil.copy(landing / CLEAN[0], landing / "copy.csv")  # a renamed copy: bytes already loaded
    os.utime(landing / CLEAN[1], ns=(1_000_000_000, 1_000_000_000))  # touched, same bytes
    assert [p.name for p in pending_files(landing, wh)] == ["new.csv"]
    assert sorted(hashed) == sorted(["new.csv", "copy.csv", CLEAN[1]])
