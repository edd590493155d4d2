"""Fixtures for ingestion tests: the committed export fixtures copied into a fresh landing folder."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from ingestion.load import IngestReport, ingest

FIXTURES = Path(__file__).parents[1] / "fixtures" / "exports"


@dataclass
class Landed:
    landing: Path
    warehouse: Path
    quarantine: Path
    report: IngestReport

    def query(self, sql: str, params: list | None = None) -> list[tuple]:
        con = duckdb.connect(str(self.warehouse), read_only=True)
        try:
            return con.execute(sql, params or []).fetchall()
        finally:
            con.close()

    def result(self, name: str):
        return next(f for f in self.report.files if f.source_file == name)


def make_landing(tmp: Path, names: list[str] | None = None) -> tuple[Path, Path, Path]:
    landing, warehouse, quarantine = tmp / "landing", tmp / "wh" / "w.duckdb", tmp / "quarantine"
    landing.mkdir(parents=True)
    for src in sorted(FIXTURES.iterdir()):
        if names is None or src.name in names:
            shutil.copy2(src, landing / src.name)
    return landing, warehouse, quarantine


@pytest.fixture(scope="module")
def landed(tmp_path_factory: pytest.TempPathFactory) -> Landed:
    """Every fixture ingested once into a fresh warehouse."""
    landing, warehouse, quarantine = make_landing(tmp_path_factory.mktemp("fixtures"))
    report = ingest(landing=landing, warehouse=warehouse, quarantine=quarantine)
    return Landed(landing, warehouse, quarantine, report)
