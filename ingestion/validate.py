"""Row and file checks as SQL expressions over the cleaned columns.

- A row whose required column is empty or a null token, or whose non-empty typed cell does not parse,
  is rejected with a reason naming the column, the value and the expected format.
- An id that Excel rewrote (`1.18E+11`, `123.0`) damages the whole file: the real ids are gone.
"""

from __future__ import annotations

from ingestion.cleanup import quote_ident, quote_literal
from ingestion.parsers import EXPECTED_FORMAT, parse_expression
from ingestion.templates import Column, Template

TOTAL_LABEL_CELLS = 3  # PDD writes 总计 in 日期, others in the first or second cell


def _label(col: Column) -> str:
    return f"{col.header.strip()} ({col.column})"


def required_reason_expr(template: Template, present: set[str]) -> str:
    """Wide check (one small expression per required column): NULL, or the empty required columns."""
    parts = [
        f"CASE WHEN omni_is_null_token({quote_ident(c.column)}) THEN "
        f"{quote_literal(f'required column {_label(c)} is empty')} END"
        for c in template.columns
        if c.required and c.column in present
    ]
    if not parts:
        return "CAST(NULL AS VARCHAR)"
    return "nullif(concat_ws('; ', " + ", ".join(parts) + "), '')"


def typed_columns(template: Template, present: set[str]) -> list[Column]:
    return [c for c in template.columns if c.column in present and parse_expression(c.parser, "x")]


def _bad_value(parser: str, value_sql: str) -> str:
    parsed = parse_expression(parser, value_sql)
    return f"NOT {parsed}" if parser == "date_range" else f"{parsed} IS NULL"


def _bad_message(label_sql: str, value_sql: str, expected_sql: str) -> str:
    quote = "''''"  # SQL for a single quote character
    return (
        f"'column ' || {label_sql} || ' = ' || {quote} || {value_sql} || {quote} "
        f"|| ' is not ' || {expected_sql}"
    )


def typed_reason_sql(template: Template, present: set[str], source: str) -> str | None:
    """`SELECT _i, reason` for rows of `source` whose non-empty typed cells do not parse.

    Cells are unpivoted to (row, column, value) so each parser macro appears once in the query:
    DuckDB plans a query in time that grows with its expression count, and a wide query with one
    macro per column costs more to plan than a small file costs to load.
    """
    cols = typed_columns(template, present)
    if not cols:
        return None
    meta = ", ".join(
        f"({quote_literal(c.column)}, {quote_literal(c.parser)}, {quote_literal(_label(c))}, "
        f"{quote_literal(EXPECTED_FORMAT[c.parser])}, {k})"
        for k, c in enumerate(cols)
    )
    branches = " ".join(
        f"WHEN {quote_literal(p)} THEN {_bad_value(p, 'l._v')}" for p in dict.fromkeys(c.parser for c in cols)
    )
    on = ", ".join(quote_ident(c.column) for c in cols)
    message = _bad_message("m._label", "l._v", "m._expected")
    return f"""
        WITH long AS (
            UNPIVOT (SELECT _i, {on} FROM {source} WHERE NOT _is_total)
            ON {on} INTO NAME _col VALUE _v
        ),
        meta(_col, _parser, _label, _expected, _k) AS (VALUES {meta})
        SELECT l._i, string_agg({message}, '; ' ORDER BY m._k) AS reason
        FROM long l JOIN meta m USING (_col)
        WHERE NOT omni_is_null_token(l._v) AND (CASE m._parser {branches} END)
        GROUP BY l._i
    """


def typed_reason_expr(template: Template, present: set[str]) -> str:
    """The same check as `typed_reason_sql`, wide: for large files, where planning cost is small
    next to the rows and unpivoting would multiply the rows by the column count."""
    parts = [
        f"CASE WHEN NOT omni_is_null_token({quote_ident(c.column)}) AND "
        f"{_bad_value(c.parser, quote_ident(c.column))} THEN "
        + _bad_message(
            quote_literal(_label(c)),
            quote_ident(c.column),
            quote_literal(EXPECTED_FORMAT[c.parser]),
        )
        + " END"
        for c in typed_columns(template, present)
    ]
    if not parts:
        return "CAST(NULL AS VARCHAR)"
    return "nullif(concat_ws('; ', " + ", ".join(parts) + "), '')"


def damaged_id_expr(template: Template, present: set[str]) -> str:
    """NULL, or `<header>\x1f<value>` of the first id cell Excel damaged in the row."""
    whens = []
    for col in template.columns:
        if col.parser == "id" and col.column in present:
            ident = quote_ident(col.column)
            whens.append(
                f"WHEN omni_is_damaged_id({ident}) THEN "
                f"{quote_literal(col.header.strip() + chr(31))} || {ident}"
            )
    return "CASE " + " ".join(whens) + " END" if whens else "NULL"


def total_expr(source_columns: list[str]) -> str:
    cells = source_columns[:TOTAL_LABEL_CELLS]
    if not cells:
        return "false"
    return "(" + " OR ".join(f"omni__is_total_label({quote_ident(c)})" for c in cells) + ")"


def excel_damage_message(label: str, row: int, header: str, value: str) -> str:
    return (
        f"{label}: row {row}, column {header!r} holds {value!r}, an id that Excel rewrote "
        "(scientific notation or a trailing .0), so the real ids are lost: "
        "re-export from the platform; do not open and re-save in Excel."
    )
