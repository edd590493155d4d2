"""Byte-exact, deterministic file writers: delimited text, xlsx, BIFF xls and zip.

No writer reads the clock: document properties and zip entry times come from the caller (the export
time of the file), so the same simulation always produces the same bytes.
"""
