"""Recognition: which template a grid is, where its header row is, and how to read its data rows."""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ingestion.errors import IngestError
from ingestion.header_match import HEADER_SCAN_ROWS, HeaderMatch, explain_no_match, find_header
from ingestion.names import display_name
from ingestion.readers import CSV_DELIMITERS, CsvGrid, Grid, TableGrid, read_grids
from ingestion.templates import Template, default_templates, normalise_header


@dataclass
class Plan:
    """How to load one grid: its template match and where the data starts."""

    grid: Grid
    match: HeaderMatch
    header_row: int  # spreadsheet row number of the header
    delimiter: str = ","
    skip_lines: int = 0  # physical lines before the first data line (CSV)

    @property
    def template(self) -> Template:
        return self.match.template

    @property
    def width(self) -> int:
        """Number of raw cell columns `_c0.._cN` the data rows are read into."""
        if isinstance(self.grid, TableGrid):
            return self.grid.table.num_columns
        headers = list(self.match.raw_headers)
        while headers and not headers[-1].strip():
            headers.pop()
        return max(len(headers), max(self.match.positions.values(), default=0) + 1)

    @property
    def batch_key(self) -> tuple:
        """Grids with equal keys are staged and checked by one SQL statement: same template, same
        column positions, same raw width and (CSV) the same reader options."""
        positions = tuple(self.match.positions.items())
        base = (self.template.template_id, positions, self.width)
        if isinstance(self.grid, CsvGrid):
            return ("csv", *base, self.delimiter, self.skip_lines, self.grid.has_nul)
        return ("table", *base)


def _names(grid: Grid, path: Path) -> list[str]:
    return list(dict.fromkeys([display_name(grid.name), display_name(path.name)]))


def locate(grid: Grid, path: Path, label: str, templates: Sequence[Template]) -> Plan:
    """Find the header row and template of a grid, or raise the error that explains why not."""
    names = _names(grid, path)
    if isinstance(grid, CsvGrid):
        best: tuple[HeaderMatch, str, list[int]] | None = None
        previews: list[list[list[str]]] = []
        for delimiter in CSV_DELIMITERS:
            rows, lines = grid.preview(delimiter)
            previews.append(rows)
            # A row binds at most as many columns as it has cells: a delimiter that splits no
            # searched row into as many cells as the best match binds cannot beat it.
            cells = max((len(r) for r in rows[:HEADER_SCAN_ROWS]), default=0)
            if best is not None and cells < len(best[0].positions):
                continue
            m = find_header(rows, names, templates)
            if m is not None and (best is None or m.score > best[0].score):
                best = (m, delimiter, lines)
        if best is None:
            raise explain_no_match(_clearest(previews, templates), names, templates, label)
        m, delimiter, lines = best
        return Plan(grid, m, m.header_index + 1, delimiter, lines[m.header_index])
    rows = grid.preview()
    m = find_header(rows, names, templates)
    if m is None:
        raise explain_no_match(rows, names, templates, label, grid.first_row)
    return Plan(grid, m, grid.first_row + m.header_index)


def _clearest(previews: list[list[list[str]]], templates: Sequence[Template]) -> list[list[str]]:
    """For the error when no delimiter gives a match: the split showing the most cells that are
    headers some template knows, then the widest. A tab-padded PDD file split on tabs is the widest,
    but only a split on commas shows its header one cell per column."""
    known = {k for t in templates for c in t.columns for k in c.keys}

    def legibility(rows: list[list[str]]) -> tuple[int, int]:
        cells = max(
            (sum(normalise_header(c) in known for c in r) for r in rows[:HEADER_SCAN_ROWS]), default=0
        )
        return cells, max((len(r) for r in rows), default=0)

    return max(previews, key=legibility)


def locate_error(grid: Grid, path: Path, rel: str, templates: Sequence[Template]) -> IngestError:
    try:
        locate(grid, path, rel, templates)
    except IngestError as exc:
        return exc
    return IngestError(f"{rel}: no sheet holds a known export")


def plan_grids(
    kind: str, grids: Sequence[Grid], path: Path, rel: str, templates: Sequence[Template]
) -> list[Plan]:
    """A plan per grid that holds a known export; raises IngestError when none does."""
    plans = []
    for grid in grids:
        label = rel if not grid.sheet else f"{rel} (sheet {grid.sheet})"
        try:
            plans.append(locate(grid, path, label, templates))
        except IngestError:
            # Extra sheets (notes, pivot) are allowed when another sheet is an export.
            if kind == "xlsx" or kind == "xls":
                continue
            raise
    if not plans:
        raise locate_error(grids[0], path, rel, templates)
    return plans


def recognise(path: Path, templates: Sequence[Template] | None = None) -> Template:
    """The template of a single file; raises IngestError (with the reason) when there is none."""
    path = Path(path)
    templates = tuple(templates or default_templates())
    with tempfile.TemporaryDirectory(prefix="omni-recognise-") as tmp:
        _, grids = read_grids(path.read_bytes(), path, path.name, Path(tmp))
        return locate(grids[0], path, path.name, templates).match.template
