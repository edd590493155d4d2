"""Table and column comments (dbt's persist_docs) carried from the build file to the published one.

`create table … as select` copies rows and types but not comments, and the comments are what BI
tools show beside a table or column (Superset, DBeaver, SQLAlchemy's inspector all read them), so
the publisher copies them itself and checks they arrived.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class Comments:
    table: str | None
    columns: dict[str, str | None]

    @property
    def documented(self) -> int:
        """How many of the table and its columns carry a comment."""
        return (self.table is not None) + sum(c is not None for c in self.columns.values())


def read_comments(con: duckdb.DuckDBPyConnection, catalog: str, schema: str, table: str) -> Comments:
    """The comments of `catalog.schema.table` (a table or a view) and of its columns."""
    row = con.execute(
        "select comment from duckdb_tables() "
        "where database_name = ? and schema_name = ? and table_name = ? "
        "union all "
        "select comment from duckdb_views() "
        "where database_name = ? and schema_name = ? and view_name = ?",
        [catalog, schema, table] * 2,
    ).fetchone()
    columns = con.execute(
        "select column_name, comment from duckdb_columns() "
        "where database_name = ? and schema_name = ? and table_name = ? order by column_index",
        [catalog, schema, table],
    ).fetchall()
    return Comments(row[0] if row else None, dict(columns))


def write_comments(con: duckdb.DuckDBPyConnection, schema: str, table: str, comments: Comments) -> None:
    """COMMENT ON the table `schema.table` of the connection's default catalog and its columns."""
    name = f"{_ident(schema)}.{_ident(table)}"
    if comments.table is not None:
        # COMMENT ON takes no parameters: the text goes in as an escaped literal.
        con.execute(f"comment on table {name} is {_literal(comments.table)}")
    for column, text in comments.columns.items():
        if text is not None:
            con.execute(f"comment on column {name}.{_ident(column)} is {_literal(text)}")


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
