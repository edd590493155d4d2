"""The reader thread keeps files in order, hands its errors to the loader and stops when the loader
stops."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ingestion import read_ahead as ra


def test_results_come_in_order_and_run_ahead_on_another_thread():
    threads = set()

    def reader(slot, path):
        threads.add(threading.current_thread().name)
        return (slot, path.name)

    items = [(i, Path(f"f{i}.csv")) for i in range(100)]
    assert list(ra.read_ahead(items, reader)) == [(i, f"f{i}.csv") for i in range(100)]
    assert threads == {"omni-ingest-reader"}


def test_an_error_in_the_reader_is_raised_at_its_file():
    def reader(slot, path):
        if slot == 3:
            raise OSError(f"cannot read {path}")
        return slot

    got = []
    with pytest.raises(OSError, match="f3"):
        for value in ra.read_ahead([(i, Path(f"f{i}")) for i in range(10)], reader):
            got.append(value)
    assert got == [0, 1, 2]


def test_leaving_early_stops_the_reader(monkeypatch):
    monkeypatch.setattr(ra, "DEPTH", 2)
    calls = []

    def reader(slot, path):
        calls.append(slot)
        return slot

    for value in ra.read_ahead([(i, Path(str(i))) for i in range(1000)], reader):
        if value == 5:
            break
    assert not any(t.name == "omni-ingest-reader" for t in threading.enumerate())
    assert len(calls) <= 5 + 1 + 2 + 1  # at most DEPTH queued and one in hand beyond the break


def test_known_bytes_are_hashed_but_not_opened(tmp_path):
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "x.csv").write_bytes(b"\xff\xfe not an export")
    read = ra.read_file(0, landing / "x.csv", landing, tmp_path, (), lambda rel, sha, name: False)
    assert (read.rel, read.parsed, read.plans, read.error) == ("x.csv", False, [], None)
    assert len(read.sha256) == 64
    ra.parse(read, None, ())
    assert read.parsed and read.error is not None and "x.csv" in str(read.error)
