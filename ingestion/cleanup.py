"""Cell clean-up in SQL over a whole batch of rows (docs/contracts.md section 2).

The clean-up is three expressions per column, each in its own SELECT layer so that no step is
evaluated twice (DuckDB expands a macro argument at every use):

1. `trim_expr`: surrounding spaces, tabs and newlines (PDD pads after, Douyin before) are dropped;
2. `unwrap_expr`: `="…"` (Excel protection on long numbers, `=""` when empty) is unwrapped and a
   leading `'` or `` ` `` dropped, by the regular expression `omni__unwrap_cell`;
3. `finish_expr`: `_x002B_` → `+`, a leading `@` dropped from ids, and `''` stored as NULL.

Each step first asks a cheap byte-level question (`<`, `starts_with`, `ends_with`, `contains`) and
only runs the costly function on cells that need it: most cells are clean. The result equals the
macros `omni_clean_cell` / `omni_clean_id` in `ingestion/sql/cleanup.sql` (tested).
"""

from __future__ import annotations

import functools
from pathlib import Path

import duckdb

CLEANUP_SQL = Path(__file__).parent / "sql" / "cleanup.sql"

PAD = "E' \\t\\r\\n'"  # what `trim_expr` removes: space, tab, CR, LF
_TAB = "E'\\t'"


@functools.cache
def cleanup_sql() -> str:
    return CLEANUP_SQL.read_text(encoding="utf-8")


def install_cleanup(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(cleanup_sql())


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str | None) -> str:
    if text is None:
        return "NULL"
    return "'" + text.replace("'", "''") + "'"


def _escaped(text: str) -> str:
    """An E'' literal of text made of spaces, tabs, CR and LF."""
    return "E'" + text.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n") + "'"


def _any(test: str, x: str, texts: tuple[str, ...]) -> str:
    return "(" + " OR ".join(f"{test}({x}, {_escaped(t)})" for t in texts) + ")"


_PADS = (" ", "\t", "\n", "\r")


def trim_expr(x: str) -> str:
    """`trim(x, ' \\t\\r\\n')`, with `trim` (slow: it parses its character list on every row)
    replaced by `substring` for the two paddings platforms write: one tab after the text (PDD)
    and one tab before it (Douyin). Only a cell that sorts before '!' can start with padding."""
    trail = _any("ends_with", x, _PADS)
    pad_then_tab = _any("ends_with", x, tuple(p + "\t" for p in _PADS))
    tab_then_pad = _any("starts_with", x, tuple("\t" + p for p in _PADS))
    return (
        f"CASE WHEN ends_with({x}, {_TAB}) AND {x} >= '!' AND NOT {pad_then_tab} "
        f"THEN substring({x}, 1, length({x}) - 1) "
        f"WHEN {x} < '!' THEN "
        f"CASE WHEN starts_with({x}, {_TAB}) AND NOT ({trail} OR {tab_then_pad}) "
        f"THEN substring({x}, 2) ELSE trim({x}, {PAD}) END "
        f"WHEN NOT {trail} THEN {x} "
        f"ELSE trim({x}, {PAD}) END"
    )


def unwrap_expr(t: str) -> str:
    """`t` is trimmed: only a cell starting with `=`, `'` or `` ` `` can change."""
    # ord(t) IN (…) with at most four values: DuckDB plans longer IN lists as a join.
    return f"CASE WHEN ord({t}) IN (61, 39, 96) THEN omni__unwrap_cell({t}) ELSE {t} END"


def finish_expr(u: str, parser: str) -> str:
    if parser == "id":
        changed = f"regexp_replace(replace({u}, '_x002B_', '+'), '^@', '')"
        test = f"contains({u}, '_x002B_') OR starts_with({u}, '@')"
    else:
        changed = f"replace({u}, '_x002B_', '+')"
        test = f"contains({u}, '_x002B_')"
    return f"nullif(CASE WHEN {test} THEN {changed} ELSE {u} END, '')"
