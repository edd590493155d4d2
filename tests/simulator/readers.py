"""Test helpers that read the simulated files the way a careful reader would (quirks stripped)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

from python_calamine import CalamineWorkbook

from ingestion.templates import Template


def text_of(path: Path) -> str:
    data = path.read_bytes()
    if path.suffix == ".zip":
        with zipfile.ZipFile(path) as z:
            data = z.read(z.namelist()[0])
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def rows_of(path: Path) -> list[list[str]]:
    if path.suffix in (".xlsx", ".xls"):
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
        return [[_cell(v) for v in row] for row in sheet]
    return list(csv.reader(io.StringIO(text_of(path))))


def _cell(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return "" if v is None else str(v)


def clean(v: str) -> str:
    v = v.strip().strip("\t")
    m = re.fullmatch(r'="(.*)"', v)
    if m:
        v = m.group(1)
    return v.lstrip("'")


def records(path: Path, tpl: Template) -> list[dict[str, str]]:
    """Data rows keyed by canonical column, after the header row; total rows dropped."""
    rows = rows_of(path)
    start = next(i for i, r in enumerate(rows) if [c for c in r[: len(tpl.headers)]] == tpl.headers)
    out = []
    for r in rows[start + 1 :]:
        if r and clean(r[0]) in ("合计", "总计"):
            continue
        out.append({c.column: clean(r[i]) if i < len(r) else "" for i, c in enumerate(tpl.columns)})
    return out
