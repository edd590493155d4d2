"""Container readers: one file → one or more grids (a CSV, a sheet, a zip member, an HTML table).

A grid exposes its first rows for header matching and a bulk path for the data:
- CSV: a UTF-8 file on disk that DuckDB's `read_csv` reads (GB18030 is re-encoded to a temp file);
- xlsx/xls: an Arrow table of strings from fastexcel (calamine), which ignores `<dimension>`;
- HTML-table "xls": lxml, then an Arrow table (these files are small).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import numpy as np
import pyarrow as pa

from ingestion.decode import decode_text
from ingestion.errors import IngestError
from ingestion.header_match import HEADER_SCAN_ROWS
from ingestion.sniff import sniff_kind

CSV_DELIMITERS = (",", "\t", ";", "|")
_HEAD_CHARS = 256 * 1024  # text searched for the header row: 20 rows fit easily
_ZIP_UTF8_FLAG = 0x800


@dataclass
class CsvGrid:
    """A delimited text file: the header is searched per candidate delimiter in `head`."""

    sheet: str
    name: str
    path: Path  # UTF-8 text DuckDB can read
    head: str
    kind: str = "csv"
    has_nul: bool = False  # NUL bytes past the head: their rows are rejected (validate.nul_check)
    # (line, text) of a last record cut off inside a quoted cell, taken out of `path`: a rejected row
    torn: tuple[int, str] | None = None

    def preview(self, delimiter: str) -> tuple[list[list[str]], list[int]]:
        """The first rows parsed with one delimiter, and after each the physical lines consumed."""
        reader = csv.reader(io.StringIO(self.head), delimiter=delimiter)
        rows, lines = [], []
        try:
            for row in reader:
                rows.append(row)
                lines.append(reader.line_num)
                if len(rows) >= HEADER_SCAN_ROWS + 1:
                    break
        except csv.Error:
            pass  # an odd quote in a lead row: the rows parsed so far are still useful
        return rows, lines


@dataclass
class TableGrid:
    """A sheet already in memory as strings; `first_row` is the spreadsheet row of row 0."""

    sheet: str
    name: str
    table: pa.Table
    first_row: int = 1
    kind: str = "xlsx"
    _preview: list[list[str | None]] | None = field(default=None, repr=False)

    def preview(self) -> list[list[str | None]]:
        if self._preview is None:
            head = self.table.slice(0, HEADER_SCAN_ROWS + 1).to_pylist()
            cols = self.table.column_names
            self._preview = [[r[c] for c in cols] for r in head]
        return self._preview


Grid = CsvGrid | TableGrid


def read_grids(data: bytes, path: Path, label: str, tmp_dir: Path) -> tuple[str, list[Grid]]:
    """The container kind and the grids of one file. Raises IngestError for unreadable files."""
    kind = sniff_kind(data)
    if kind == "empty":
        raise IngestError(f"{label}: the file is empty ({len(data)} bytes); expected an export")
    if kind == "csv":
        return kind, [_csv_grid(data, path, path.name, "", label, tmp_dir)]
    if kind == "zip":
        return kind, _zip_grids(data, path, label, tmp_dir)
    if kind in ("xlsx", "xls"):
        return kind, _excel_grids(data, path, path.name, kind, label)
    return kind, [_html_grid(data, path.name, "", label)]


def _csv_grid(data: bytes, path: Path | None, name: str, sheet: str, label: str, tmp_dir: Path) -> CsvGrid:
    decoded = decode_text(data, label)
    text = decoded.text
    if "\x00" in text[:4096]:
        raise IngestError(f"{label}: the file holds NUL bytes (binary or UTF-16 text); expected a CSV export")
    # One `echo >>` on a CRLF export leaves a file with both line endings, which DuckDB's CSV reader
    # refuses ("state machine reached an invalid state"): such a file is read with LF endings only.
    mixed_endings = 0 < text.count("\r\n") < text.count("\n")
    if mixed_endings:
        text = text.replace("\r\n", "\n")
    torn = torn_last_record(text)
    if torn is not None:
        text = text[: torn[0]]
    if decoded.is_utf8 and path is not None and not mixed_endings and torn is None:
        target = path  # read in place: no copy for the common case
    else:
        tmp_dir.mkdir(parents=True, exist_ok=True)
        target = tmp_dir / f"grid{len(list(tmp_dir.iterdir()))}.csv"
        target.write_text(text, encoding="utf-8")
    return CsvGrid(
        sheet=sheet,
        name=name,
        path=target,
        head=text[:_HEAD_CHARS],
        has_nul="\x00" in text,
        torn=None if torn is None else (text.count("\n", 0, torn[0]) + 1, torn[1]),
    )


def torn_last_record(text: str) -> tuple[int, str] | None:
    """(offset, text) of a last record that a cut-off download ends inside a quoted cell, or None.

    Quotes come in pairs in a well-formed CSV (an embedded quote is doubled), so an odd count means
    the file ends inside a quoted cell. DuckDB then dropped that record without a rejected row when
    the file was read with others, and rows read no longer added up: it is cut off here and recorded
    as a rejected row instead. The record starts on the line of the quote left open."""
    if text.count('"') % 2 == 0:
        return None
    open_at = -1
    for match in re.finditer('"', text):
        open_at = match.start() if open_at < 0 else -1
    start = text.rfind("\n", 0, max(open_at, 0)) + 1
    return start, text[start:]


# A CSV line with far more fields than its export has columns is damage, not data: DuckDB's
# per-field reject tracking grows super-linearly with it (40k fields took 6.7 s and 1.4 GB, 1M fields
# hung the ingest), so such a file is refused before DuckDB sees it. Quoted commas make honest lines
# look wider than they are, hence the generous bound.
MAX_FIELDS_FLOOR = 1000
MAX_FIELDS_PER_COLUMN = 4


def check_line_width(grid: CsvGrid, data: bytes, path: Path, width: int, delimiter: str, label: str) -> None:
    """Raise IngestError when the CSV grid has a line with more fields than its export can hold.
    `data` are the file's bytes when the grid reads the file in place."""
    text = data if grid.path == path else grid.path.read_bytes()
    limit = max(MAX_FIELDS_FLOOR, MAX_FIELDS_PER_COLUMN * width)
    found = widest_line(text, delimiter.encode(), limit)
    if found is not None:
        line, fields = found
        raise IngestError(
            f"{label}: line {line} has {fields:,} fields where the export has {width} columns (at most "
            f"{limit:,} accepted); the file is damaged: re-export it from the platform"
        )


def widest_line(data: bytes, delimiter: bytes, limit: int) -> tuple[int, int] | None:
    """(1-based line number, fields) of the first line with more than `limit` fields, or None.

    Vectorised: only lines longer than `limit` bytes can hold that many delimiters, so only those
    are counted."""
    if len(data) <= limit:
        return None
    arr = np.frombuffer(data, dtype=np.uint8)
    ends = np.flatnonzero(arr == 10)
    starts = np.concatenate(([0], ends + 1))
    stops = np.concatenate((ends, [len(arr)]))
    long_lines = np.flatnonzero(stops - starts > limit)
    code = delimiter[0]
    for i in long_lines:
        fields = int(np.count_nonzero(arr[starts[i] : stops[i]] == code)) + 1
        if fields > limit:
            return int(i) + 1, fields
    return None


# A zip member unpacks into memory: a zip bomb (a few KB that unpack to gigabytes) would take the
# whole ingest down. A platform's daily export is far below either bound; CSV text compresses about
# 5-20 times.
MAX_MEMBER_BYTES = 1 << 30
MAX_MEMBER_RATIO = 200


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, label: str) -> bytes:
    """A member's bytes, refusing one that unpacks beyond the bounds (checked on what is actually
    read, not only on the sizes the archive claims)."""
    limit = min(MAX_MEMBER_BYTES, max(1 << 20, info.compress_size * MAX_MEMBER_RATIO))
    with zf.open(info) as fh:
        blob = fh.read(limit + 1)
    if len(blob) > limit:
        raise IngestError(
            f"{label}: the zip member unpacks to more than {limit:,} bytes from {info.compress_size:,} "
            f"(more than {MAX_MEMBER_RATIO}× or 1 GiB): refused as a damaged archive or a zip bomb; "
            "unzip it yourself and drop the files into the landing folder"
        )
    return blob


def zip_member_name(info: zipfile.ZipInfo) -> str:
    """Member names written by Chinese tools are GBK bytes that zipfile decodes as cp437."""
    if info.flag_bits & _ZIP_UTF8_FLAG:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _zip_grids(data: bytes, path: Path, label: str, tmp_dir: Path) -> list[Grid]:
    grids: list[Grid] = []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            members = [
                i
                for i in zf.infolist()
                if not i.is_dir()
                and not i.filename.startswith("__MACOSX/")
                and not PurePosixPath(i.filename).name.startswith(".")
            ]
            if not members:
                raise IngestError(f"{label}: the zip holds no files; expected CSV exports inside")
            for info in members:
                name = zip_member_name(info)
                member_label = f"{label} (member {name})"
                if info.flag_bits & 0x1:
                    raise IngestError(
                        f"{member_label}: the zip member is password-protected; "
                        "unzip it with the password and drop the CSV into the landing folder"
                    )
                blob = _read_member(zf, info, member_label)
                base = PurePosixPath(name).name
                kind = sniff_kind(blob)
                if kind == "csv":
                    grids.append(_csv_grid(blob, None, base, name, member_label, tmp_dir))
                elif kind in ("xlsx", "xls"):
                    grids.extend(_excel_grids(blob, None, base, kind, member_label, prefix=name))
                elif kind == "html":
                    grids.append(_html_grid(blob, base, name, member_label))
                elif kind == "empty":
                    raise IngestError(f"{member_label}: the zip member is empty; expected an export")
                else:
                    raise IngestError(f"{member_label}: a nested zip is not supported")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
        raise IngestError(f"{label}: the zip archive is damaged ({exc}); re-download it") from exc
    return grids


def _excel_grids(
    data: bytes, path: Path | None, name: str, kind: str, label: str, prefix: str = ""
) -> list[Grid]:
    import fastexcel

    try:
        reader = fastexcel.read_excel(data if path is None else str(path))
        sheet_names = list(reader.sheet_names)
    except Exception as exc:  # fastexcel raises its own error types for damaged workbooks
        raise IngestError(
            f"{label}: the {kind} workbook cannot be opened ({_short(exc)}); re-download it from the platform"
        ) from exc
    offsets = _first_rows(data, kind, sheet_names)
    grids: list[Grid] = []
    for index, sheet_name in enumerate(sheet_names):
        try:
            sheet = reader.load_sheet(index, header_row=None, dtypes="string")
            table = sheet.to_arrow()
        except Exception as exc:
            if "empty" in str(exc).lower() or "no data" in str(exc).lower():
                continue
            raise IngestError(
                f"{label}: sheet {sheet_name!r} cannot be read ({_short(exc)}); "
                "re-download the file from the platform"
            ) from exc
        if table.num_rows == 0:
            continue
        table = table.rename_columns([f"_c{i}" for i in range(table.num_columns)])
        sheet_label = f"{prefix}/{sheet_name}" if prefix else sheet_name
        grids.append(
            TableGrid(
                sheet=sheet_label,
                name=name,
                table=table,
                first_row=offsets.get(sheet_name, 1),
                kind=kind,
            )
        )
    if not grids:
        raise IngestError(f"{label}: every sheet of the workbook is empty; expected an export")
    return grids


def _short(exc: Exception) -> str:
    """The first line of a reader's error: calamine appends a multi-line context."""
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


_SHEET_ENTRY = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]+)"', re.S)
_SHEET_ENTRY_REV = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?r:id="([^"]+)"[^>]*?name="([^"]*)"', re.S)
_REL = re.compile(rb'<Relationship\b[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', re.S)
_REL_REV = re.compile(rb'<Relationship\b[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', re.S)
_FIRST_VALUE_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="[A-Z]+(\d+)"[^>/]*>\s*<(?:\w+:)?(?:v|is|f)\b')


def _first_rows(data: bytes, kind: str, sheet_names: Sequence[str]) -> dict[str, int]:
    """The spreadsheet row where each sheet's used range starts.

    calamine (and so fastexcel) drops leading empty rows; row numbers in raw must still match what a
    spreadsheet shows, so the offset comes from the sheet XML (xlsx) or calamine's range start (xls).
    """
    try:
        if kind == "xls":
            import python_calamine

            wb = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
            return {n: wb.get_sheet_by_name(n).start[0] + 1 for n in sheet_names}
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            workbook = zf.read("xl/workbook.xml")
            rels = zf.read("xl/_rels/workbook.xml.rels")
            targets = {k: v for k, v in _REL.findall(rels)}
            targets.update({k: v for v, k in _REL_REV.findall(rels)})
            entries = {rid: nm for nm, rid in _SHEET_ENTRY.findall(workbook)}
            entries.update(dict(_SHEET_ENTRY_REV.findall(workbook)))
            out: dict[str, int] = {}
            for rid, raw_name in entries.items():
                target = targets.get(rid, b"").decode()
                member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                with zf.open(member) as fh:
                    head = fh.read(1 << 20)
                # Cells without `r="A1"` references (valid, some writers omit them) start on row 1;
                # the regex would otherwise scan the whole head for a reference that is not there.
                m = _FIRST_VALUE_CELL.search(head) if b' r="' in head else None
                out[_xml_unescape(raw_name.decode("utf-8"))] = int(m.group(1)) if m else 1
            return out
    except Exception:
        return {}  # unusual workbook layout: assume the data starts on row 1


def _xml_unescape(text: str) -> str:
    for a, b in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&apos;", "'"), ("&amp;", "&")):
        text = text.replace(a, b)
    return text


def _html_grid(data: bytes, name: str, sheet: str, label: str) -> TableGrid:
    import lxml.html

    text = decode_text(data, label).text
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str input with an encoding decl
    try:
        doc = lxml.html.document_fromstring(text)
    except Exception as exc:
        raise IngestError(f"{label}: the HTML table cannot be parsed ({exc})") from exc
    tables = doc.xpath("//table")
    if not tables:
        raise IngestError(f"{label}: the file is HTML but holds no <table>; expected an export")
    # The export table is the biggest one; layout tables around it are small.
    table = max(tables, key=lambda t: len(t.xpath(".//tr")))
    rows = [[cell.text_content() for cell in tr.xpath("./th|./td")] for tr in table.xpath(".//tr")]
    return TableGrid(sheet=sheet, name=name, table=rows_to_arrow(rows), kind="html")


def rows_to_arrow(rows: Sequence[Sequence[str | None]]) -> pa.Table:
    """Small row lists (HTML tables) as an Arrow table of strings _c0.._cN."""
    width = max((len(r) for r in rows), default=0)
    columns = {
        f"_c{j}": pa.array([r[j] if j < len(r) else None for r in rows], pa.string()) for j in range(width)
    }
    return pa.table(columns) if columns else pa.table({"_c0": pa.array([], pa.string())})


def with_row_index(table: pa.Table) -> pa.Table:
    """Add `_i`, the 0-based row index, so order never depends on scan order."""
    return table.append_column("_i", pa.array(np.arange(table.num_rows, dtype=np.int64)))
