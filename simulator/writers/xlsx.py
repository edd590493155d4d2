# ruff: noqa: E501  (OOXML namespace URIs do not split)
"""A minimal, fast, deterministic .xlsx writer (one sheet, inline strings).

xlsxwriter writes a few hundred thousand cells a second; the daily order exports of the demo scale have
millions, so cells are rendered column-wise as XML text here. Fixed zip entry times and fixed
created/modified document properties make the bytes reproducible.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence

import numpy as np
import pandas as pd

_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>'
    '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>'
    "</Relationships>"
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)
_APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
    "<Application>Microsoft Excel</Application></Properties>"
)


def _xml_escape(values: np.ndarray) -> np.ndarray:
    """Escape unique values only: daily exports repeat the same texts many times. Columns without
    any of & < > (most of them, found by one scan of the joined text) pass through unchanged."""
    try:
        text = "\x00".join(values.tolist())
    except TypeError:  # not all text: take the general path
        text = "&"
    if "&" not in text and "<" not in text and ">" not in text:
        return values.astype(object)
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=False)
    esc = np.array(
        [str(u).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for u in uniques],
        dtype=object,
    )
    return esc[codes]


def text_cells(values: np.ndarray, escape: bool = True) -> np.ndarray:
    """Inline-string cells; empty strings become empty cells."""
    v = _xml_escape(values) if escape else values.astype(object)
    out = '<c t="inlineStr"><is><t xml:space="preserve">' + v + "</t></is></c>"
    out[values == ""] = "<c/>"
    return out


def number_cells(values: np.ndarray) -> np.ndarray:
    """Numeric cells from already formatted number text ('' = empty cell)."""
    v = values.astype(object)
    out = "<c><v>" + v + "</v></c>"
    out[values == ""] = "<c/>"
    return out


def row_xml(cells: list[np.ndarray]) -> np.ndarray:
    rows = ["<row>" + "".join(c) + "</row>" for c in zip(*[x.tolist() for x in cells], strict=True)]
    return np.array(rows, dtype=object)


def literal_row(values: Sequence[str]) -> str:
    """One row of plain text cells (headers, lead rows, total rows)."""
    cells = []
    for v in values:
        if v == "" or v is None:
            cells.append("<c/>")
        else:
            t = str(v).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            cells.append(f'<c t="inlineStr"><is><t xml:space="preserve">{t}</t></is></c>')
    return "<row>" + "".join(cells) + "</row>"


def xlsx_bytes(rows: Sequence[str], created: dt.datetime, sheet_name: str = "Sheet1") -> bytes:
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    core = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )
    workbook = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{sheet_name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + "".join(rows)
        + "</sheetData></worksheet>"
    )
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _RELS,
        "docProps/core.xml": core,
        "docProps/app.xml": _APP,
        "xl/workbook.xml": workbook,
        "xl/_rels/workbook.xml.rels": _WB_RELS,
        "xl/worksheets/sheet1.xml": sheet,
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, _FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            z.writestr(info, text.encode("utf-8"), compresslevel=1)
    return buf.getvalue()
