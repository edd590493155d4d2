"""Row and file checks as SQL expressions over the cleaned columns of a staged batch.

- A row whose required column is empty or a null token, or whose non-empty typed cell does not parse,
  is rejected with a reason naming the column, the value and the expected format.
- An id that Excel rewrote (`1.18E+11`, `123.0`) damages the whole file: the real ids are gone.
- A row whose first cells label a total (总计/合计/汇总/小计) is recorded apart, not loaded.

The parser macros (`ingestion/sql/parsers.sql`) decide what parses; they are shared with dbt. A
check first tries fast paths that decide only cells whose outcome is certain: a plain `12.50`,
`4.91%` or `2026-05-01 12:30:00` parses, an exact `-` is a null token, an id without `.`/`e` is not
damaged. Staging runs the checks in two passes (`stage.py`): the first, with `exact=False`, leaves
the undecided cells NULL and marks their rows suspect; the second runs the macros on those rows
alone, and is not even planned when there are none (planning the macros for 60 columns costs more
than checking a small file).
"""

from __future__ import annotations

from dataclasses import dataclass

from ingestion.cleanup import quote_ident, quote_literal
from ingestion.parsers import EXPECTED_FORMAT, parse_expression
from ingestion.templates import Column, Template

TOTAL_LABEL_CELLS = 3  # PDD writes 总计 in 日期, others in the first or second cell

# `omni_is_null_token` trims these and compares lower(text) with these tokens (parsers.sql).
_TOKEN_PADDING = " \t\r\n\u3000\u00a0"
NULL_TOKENS = ("", "-", "—", "--", "n/a", "null", "无", "无退款申请", "暂无")
# Cells that are null tokens as they stand (no padding to trim, a case the token list folds).
_EXACT_TOKENS = sorted({v for t in NULL_TOKENS for v in (t, t.upper(), t.capitalize())})
# A cell can be a null token only if it starts with padding or with the first character of a token
# (in either case). Padding and '' sort below '!'.
_TOKEN_STARTS = sorted(
    {ch for ch in _TOKEN_PADDING if ch >= "!"} | {v for t in NULL_TOKENS if t for v in (t[0], t[0].upper())}
)

_D2 = "[0-9][0-9]"
_D4 = _D2 + _D2


def _glob_then(c: str, shapes: list[tuple[str, str]]) -> str:
    """GLOB (a cheaper shape test than a regular expression), then the calendar."""
    whens = " ".join(f"WHEN {c} GLOB '{g}' THEN try_strptime({c}, '{f}') IS NOT NULL" for g, f in shapes)
    return f"CASE {whens} ELSE false END"


# Cells these accept are certainly accepted by the parser macro (a subset of its formats, with no
# padding to trim and no overflow), so the macro need not run on them.
_FAST_OK: dict[str, str] = {
    "money": r"regexp_full_match({c}, '-?\d{{1,15}}(?:\.\d+)?元?')",
    "number": r"regexp_full_match({c}, '-?\d{{1,15}}(?:\.\d{{1,15}})?%?')",
    "percent": r"regexp_full_match({c}, '-?\d{{1,15}}(?:\.\d{{1,15}})?%?')",
    "int": r"regexp_full_match({c}, '-?\d{{1,18}}')",
    "epoch": r"regexp_full_match({c}, '\d{{1,10}}')",
    "timestamp": _glob_then("{c}", [(f"{_D4}-{_D2}-{_D2} {_D2}:{_D2}:{_D2}", "%Y-%m-%d %H:%M:%S")]),
    "date": _glob_then("{c}", [(f"{_D4}-{_D2}-{_D2}", "%Y-%m-%d"), (f"{_D4}{_D2}{_D2}", "%Y%m%d")]),
}


@dataclass(frozen=True)
class Check:
    """One reason a row can be rejected: a boolean SQL flag and the SQL of its message."""

    flag: str
    message: str


def label(col: Column) -> str:
    return f"{col.header.strip()} ({col.column})"


def _exact_token(c: str) -> str:
    return "list_contains([" + ", ".join(quote_literal(t) for t in _EXACT_TOKENS) + f"], {c})"


def _maybe_token(c: str) -> str:
    # ord(c) IN (…) with at most four values each: DuckDB plans longer IN lists as a join.
    codes = [ord(ch) for ch in _TOKEN_STARTS]
    groups = [", ".join(map(str, codes[i : i + 4])) for i in range(0, len(codes), 4)]
    return " OR ".join([f"{c} < '!'", *(f"ord({c}) IN ({g})" for g in groups)])


def is_null_token_expr(c: str, exact: bool = True) -> str:
    """`omni_is_null_token(c)`; with `exact=False`, NULL where only the macro can tell."""
    slow = f"omni_is_null_token({c})" if exact else "NULL"
    return (
        f"CASE WHEN {c} IS NULL THEN true WHEN NOT ({_maybe_token(c)}) THEN false "
        f"WHEN {_exact_token(c)} THEN true ELSE {slow} END"
    )


def bad_value_expr(parser: str, c: str, exact: bool = True) -> str:
    """True when `c` is not empty, not a null token, and the parser macro cannot parse it;
    with `exact=False`, NULL where only the macros can tell."""
    fast = f"WHEN {_FAST_OK[parser].format(c=c)} THEN false " if parser in _FAST_OK else ""
    if exact:
        parsed = parse_expression(parser, c)
        bad = f"NOT {parsed}" if parser == "date_range" else f"{parsed} IS NULL"
        slow = f"WHEN {is_null_token_expr(c)} THEN false ELSE {bad}"
    else:
        slow = "ELSE NULL"
    return f"CASE WHEN {c} IS NULL THEN false {fast}WHEN {_exact_token(c)} THEN false {slow} END"


def typed_columns(template: Template, present: set[str]) -> list[Column]:
    return [c for c in template.columns if c.column in present and parse_expression(c.parser, "x")]


def row_checks(template: Template, present: set[str], exact: bool = True, nul: bool = False) -> list[Check]:
    """Required-column checks, then typed-cell checks, in template column order (the order of the
    reasons in `raw._rejected_rows.reason`); with `nul` (the grid holds NUL bytes), first a check
    that no cell of the row holds one."""
    checks = [nul_check(template, present)] if nul else []
    for c in template.columns:
        if not c.required:
            continue
        # A required column with a fallback is empty only when the fallback is empty too.
        stand_in = template.column(c.fallback) if c.fallback and c.fallback in present else None
        cells = [col for col in (c if c.column in present else None, stand_in) if col is not None]
        if not cells:
            continue
        message = f"required column {label(c)} is empty"
        if stand_in is not None:
            message += f" and so is its fallback {label(stand_in)}"
        checks.append(
            Check(
                " AND ".join(f"({is_null_token_expr(quote_ident(col.column), exact)})" for col in cells),
                quote_literal(message),
            )
        )
    for c in typed_columns(template, present):
        ident = quote_ident(c.column)
        checks.append(
            Check(
                bad_value_expr(c.parser, ident, exact),
                f"{quote_literal(f'column {label(c)} = ' + chr(39))} || {ident} || "
                f"{quote_literal(chr(39) + ' is not ' + EXPECTED_FORMAT[c.parser])}",
            )
        )
    return checks


def nul_check(template: Template, present: set[str]) -> Check:
    """A row with a NUL byte in a cell: no export writes one, so it is binary damage, never data."""
    cells = [quote_ident(c.column) for c in template.columns if c.column in present]
    joined = "concat_ws('', " + ", ".join(cells) + ")"
    return Check(
        f"contains({joined}, chr(0))",
        quote_literal("the row holds NUL bytes (\\x00), which no export writes: the file is damaged there"),
    )


def reason_expr(checks: list[Check], flag: str = "_b{j}") -> str:
    """NULL, or the messages of the checks whose flag columns (`_b0`, `_b1`, …) are true."""
    if not checks:
        return "CAST(NULL AS VARCHAR)"
    flags = [flag.format(j=j) for j in range(len(checks))]
    messages = ", ".join(f"CASE WHEN {f} THEN {c.message} END" for f, c in zip(flags, checks, strict=True))
    return f"CASE WHEN {' OR '.join(flags)} THEN concat_ws('; ', {messages}) END"


def is_damaged_id_expr(c: str) -> str:
    """`omni_is_damaged_id(c)`; only a cell with `.`, `e` or `E` can be damaged, so the macro runs
    on those alone."""
    maybe = f"contains({c}, '.') OR contains({c}, 'e') OR contains({c}, 'E')"
    return f"CASE WHEN {maybe} THEN omni_is_damaged_id({c}) ELSE false END"


def damaged_id_expr(template: Template, present: set[str]) -> str:
    """NULL, or `<header>\x1f<value>` of the first id cell Excel damaged in the row."""
    whens = []
    for col in template.columns:
        if col.parser == "id" and col.column in present:
            ident = quote_ident(col.column)
            found = f"{quote_literal(col.header.strip() + chr(31))} || {ident}"
            whens.append(f"WHEN {is_damaged_id_expr(ident)} THEN {found}")
    return "CASE " + " ".join(whens) + " END" if whens else "CAST(NULL AS VARCHAR)"


def total_expr(source_columns: list[str]) -> str:
    """True when one of the first raw cells labels a total row. Every label holds 计 or 汇总."""
    cells = source_columns[:TOTAL_LABEL_CELLS]
    if not cells:
        return "false"
    parts = [
        f"CASE WHEN contains({c}, '计') OR contains({c}, '汇总') "
        f"THEN omni__is_total_label({c}) ELSE false END"
        for c in map(quote_ident, cells)
    ]
    return "(" + " OR ".join(parts) + ")"


def excel_damage_message(label: str, row: int, header: str, value: str) -> str:
    return (
        f"{label}: row {row}, column {header!r} holds {value!r}, an id that Excel rewrote "
        "(scientific notation or a trailing .0), so the real ids are lost: "
        "re-export from the platform; do not open and re-save in Excel."
    )
