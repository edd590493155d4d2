"""What a file really is, from its first bytes: platforms save HTML as `.xls`, CSV as `.xls`, and zips
of CSVs as downloads, so the extension is only a hint."""

from __future__ import annotations

import io
import zipfile

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def sniff_kind(data: bytes) -> str:
    """One of `empty`, `xlsx`, `zip`, `xls`, `html`, `csv`."""
    if not data[:4096].strip() and not data.strip():  # the head first: no copy of a large file
        return "empty"
    if data.startswith(ZIP_MAGIC) or data.startswith(EMPTY_ZIP_MAGIC):
        return "xlsx" if _is_xlsx(data) else "zip"
    if data.startswith(OLE2_MAGIC):
        return "xls"
    if _looks_like_html(data):
        return "html"
    return "csv"


def _is_xlsx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = zf.namelist()
    except zipfile.BadZipFile:
        # A damaged zip: call it xlsx only if the local header names an OOXML part.
        return b"[Content_Types].xml" in data[:2048] or b"xl/" in data[:2048]
    return "[Content_Types].xml" in names or any(n.startswith("xl/") for n in names)


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024]
    for bom in _BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
    head = head.lstrip().lower()
    if b"\x00" in head[:64]:  # UTF-16 HTML: decode the first KB before looking
        try:
            head = head.decode("utf-16").encode("utf-8").lstrip().lower()
        except UnicodeDecodeError:
            return False
    return any(tag in head for tag in (b"<table", b"<html", b"<!doctype html")) or (
        head.startswith(b"<?xml") and b"<html" in head
    )
