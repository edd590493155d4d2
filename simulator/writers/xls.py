"""Real BIFF8 .xls (OLE2) through xlwt, as 生意参谋 still delivers. xlwt writes no timestamps, so the
bytes depend only on the cells."""

from __future__ import annotations

import io
from collections.abc import Sequence

import xlwt


def xls_bytes(rows: Sequence[Sequence[str]], sheet_name: str = "Sheet1") -> bytes:
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet(sheet_name)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value != "":
                ws.write(r, c, value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
