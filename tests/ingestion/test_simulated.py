"""The simulator's tiny landing folder ingests cleanly: every raw table has rows, nothing is rejected
and nothing is quarantined. Skipped until `simulator.api` exists."""

from __future__ import annotations

import duckdb
import pytest

from simulator.exports.common import simulated_templates

pytest.importorskip("simulator.api")

# The layouts the simulator writes; the other versions are loaded from hand-typed files
# (tests/ingestion/test_verbatim_exports.py).
TEMPLATES = sorted(simulated_templates(), key=lambda t: t.template_id)
TABLES = sorted({t.table for t in TEMPLATES})


@pytest.fixture(scope="module")
def con(tiny_ingested, tiny_paths):
    c = duckdb.connect(str(tiny_paths.warehouse), read_only=True)
    yield c
    c.close()


def test_nothing_quarantined(tiny_ingested):
    bad = [(f.source_file, f.error) for f in tiny_ingested.quarantined]
    assert bad == []


def test_nothing_rejected(con):
    rows = con.execute(
        "SELECT _template, count(*), min(reason), min(_source_file) FROM raw._rejected_rows GROUP BY 1"
    ).fetchall()
    assert rows == []


def test_manifest_invariant(con):
    assert con.execute(
        "SELECT count(*) FROM raw._ingested_files WHERE rows_read <> rows_loaded + rows_rejected"
    ).fetchone() == (0,)


@pytest.mark.parametrize("table", TABLES)
def test_every_raw_table_has_rows(con, table):
    assert con.execute(f"SELECT count(*) FROM raw.{table}").fetchone()[0] > 0


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: t.template_id)
def test_every_template_loads_rows(con, template):
    n = con.execute(
        f"SELECT count(*) FROM raw.{template.table} WHERE _template = ?", [template.template_id]
    ).fetchone()[0]
    assert n > 0, f"no rows loaded with {template.template_id}"
    # required columns are never empty in what was loaded
    for c in template.required:
        empty = con.execute(
            f'SELECT count(*) FROM raw.{template.table} WHERE _template = ? AND "{c.column}" IS NULL',
            [template.template_id],
        ).fetchone()[0]
        assert empty == 0, c.column
