"""Find the header row by template fingerprint and bind template columns to positions.

A template matches a row when every one of its `required` headers (or an alias, or the header of
its fallback column) is in the row after `normalise_header`. Among matching templates the one with
most matched headers wins, then the one whose file-name pattern matches, then the one with fewest
unmatched columns (the exact version).
Binding is by position, so a repeated header name keeps its first occurrence and the repeats are
reported as unmapped instead of silently overwriting each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ingestion.errors import MissingRequiredColumn, UnknownExport
from ingestion.templates import Template, normalise_header

HEADER_SCAN_ROWS = 20


@dataclass(frozen=True)
class HeaderMatch:
    template: Template
    header_index: int  # 0-based index of the header row among the rows searched
    raw_headers: tuple[str, ...]  # header cells exactly as the file writes them
    positions: dict[str, int]  # canonical column → 0-based cell position
    unmapped: tuple[str, ...]  # header cells bound to no template column (extras and repeats)
    name_matched: bool
    file_fields: dict[str, str | None] = field(default_factory=dict)

    @property
    def score(self) -> tuple[int, int, int, int]:
        missing = len(self.template.columns) - len(self.positions)
        return (len(self.positions), int(self.name_matched), -missing, -self.header_index)


def _cell_text(value: object) -> str:
    return "" if value is None else str(value)


def file_fields_for(template: Template, names: Sequence[str]) -> tuple[bool, dict[str, str | None]]:
    """Whether a name matches the template's file-name pattern, and the values of its groups."""
    for name in names:
        m = template.file_name.match(name)
        if m:
            return True, {g: m.groupdict().get(g) for g in template.file_fields}
    return False, dict.fromkeys(template.file_fields)


def bind(template: Template, cells: Sequence[object]) -> tuple[dict[str, int], tuple[str, ...]]:
    first_position: dict[str, int] = {}
    for i, cell in enumerate(cells):
        first_position.setdefault(normalise_header(cell), i)
    positions: dict[str, int] = {}
    for c in template.columns:
        # The first of the column's texts (header, then aliases) that the row holds.
        found = next((first_position[k] for k in c.keys if k in first_position), None)
        if found is not None:
            positions[c.column] = found
    used = set(positions.values())
    unmapped = tuple(
        f"{_cell_text(cell)}#{i + 1}"
        for i, cell in enumerate(cells)
        if i not in used and normalise_header(cell) != ""
    )
    return positions, unmapped


def find_header(
    rows: Sequence[Sequence[object]], names: Sequence[str], templates: Sequence[Template]
) -> HeaderMatch | None:
    """The best template match over the first rows, or None when no template's required headers
    are all present in any one row."""
    best: HeaderMatch | None = None
    for index, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        keys = {normalise_header(c) for c in cells}
        keys.discard("")
        if not keys:
            continue
        for template in templates:
            if not template.matches(keys):
                continue
            positions, unmapped = bind(template, cells)
            name_matched, fields = file_fields_for(template, names)
            candidate = HeaderMatch(
                template=template,
                header_index=index,
                raw_headers=tuple(_cell_text(c) for c in cells),
                positions=positions,
                unmapped=unmapped,
                name_matched=name_matched,
                file_fields=fields,
            )
            if best is None or candidate.score > best.score:
                best = candidate
    return best


def explain_no_match(
    rows: Sequence[Sequence[object]],
    names: Sequence[str],
    templates: Sequence[Template],
    file_label: str,
    first_row: int = 1,
) -> UnknownExport | MissingRequiredColumn:
    """The error for a file no template recognises, naming the closest template and what it lacks."""
    best: tuple[tuple[int, float, int], Template, int, list[str]] | None = None
    for index, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        keys = {normalise_header(c) for c in cells}
        keys.discard("")
        if not keys:
            continue
        for template in templates:
            name_matched, _ = file_fields_for(template, names)
            missing = [c.header for c in template.missing_required(keys)]
            matched = sum(1 for c in template.columns if not keys.isdisjoint(c.keys))
            share = 1 - len(missing) / max(1, len(template.required))
            score = (int(name_matched) + int(matched >= 2), share, matched)
            if best is None or score > best[0]:
                best = (score, template, index, missing)
    if best is None or best[0][2] == 0:
        if best is not None and best[0][0] > 0:
            t = best[1]
            return UnknownExport(
                f"{file_label}: the name looks like {t.template_id} ({t.description}) but no header "
                f"row was found in the first {HEADER_SCAN_ROWS} rows; expected a row holding "
                f"{_quote(t.describe_required())}"
            )
        return UnknownExport(
            f"{file_label}: not a known export: no row among the first {HEADER_SCAN_ROWS} holds the "
            "headers of any template; add a template under ingestion/templates/ if this is a new "
            "platform export"
        )
    (name_and_count, share, _), template, index, missing = best
    seen = [_cell_text(c) for c in rows[index] if _cell_text(c).strip()]
    row_no = first_row + index
    text = (
        f"closest template {template.template_id} ({template.description}) "
        f"lacks required column(s) {_quote(missing)}; header row seen at row {row_no}: {seen}"
    )
    if (name_and_count >= 1 and share >= 0.5) or name_and_count == 2:
        return MissingRequiredColumn(
            f"{file_label}: missing required column(s) {_quote(missing)} for {template.template_id}; "
            f"header row seen at row {row_no}: {seen}. Expected every required header of "
            f"{template.template_id}: {_quote(template.describe_required())}"
        )
    return UnknownExport(f"{file_label}: not a known export; {text}")


def _quote(headers) -> str:
    return ", ".join(repr(h) for h in headers)
