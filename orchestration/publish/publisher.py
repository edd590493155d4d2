"""Write-audit-publish of the BI warehouse: copy, verify, then swap in with an atomic rename.

BI tools hold the published file open read-only. Renaming a finished file over it is atomic on POSIX,
and a reader that opened the old file keeps its inode until it closes, so readers never see a
half-written warehouse. A crash before the rename leaves only a stray temporary file; the published
file and its previous version are untouched.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from omnichannel_config import connect
from orchestration.publish.comments import read_comments, write_comments

PUBLISHED_SCHEMAS = ("marts", "kpi")
PREVIOUS_SUFFIX = ".previous"


class PublicationError(RuntimeError):
    """The copy did not verify; nothing was swapped in."""


@dataclass(frozen=True)
class Publication:
    path: Path
    previous: Path | None
    run_id: str
    published_at: dt.datetime
    data_through: dt.date | None
    tables: dict[str, int] = field(default_factory=dict)
    checks_passed: tuple[str, ...] = ()
    # Table and column comments (dbt descriptions) carried over for BI tools.
    comments: int = 0


def previous_path(published: Path) -> Path:
    return published.with_name(published.stem + PREVIOUS_SUFFIX + published.suffix)


def publish(
    build: Path,
    published: Path,
    run_id: str,
    checks_passed: Iterable[str] = (),
    data_through: dt.date | None = None,
    schemas: tuple[str, ...] = PUBLISHED_SCHEMAS,
) -> Publication:
    """Copy `schemas` of the build file into a new DuckDB file and swap it in at `published`.

    Only the published schemas are copied: raw and staging hold personal data and never leave the
    build file.
    """
    published.parent.mkdir(parents=True, exist_ok=True)
    staging = published.with_name(f".{published.stem}.{run_id}.tmp{published.suffix}")
    # A publication killed before its rename leaves its staging copy: publications run one at a
    # time (the warehouse pool), so any staging file found now is such a leftover.
    remove_stale_staging(published)
    published_at = dt.datetime.now(dt.UTC).replace(microsecond=0)
    checks = tuple(sorted(checks_passed))
    try:
        tables = _copy(build, staging, schemas)
        _record(staging, run_id, published_at, data_through, checks, tables)
        comments = _verify(build, staging, tables)
        previous = _keep_previous(published)
        os.replace(staging, published)
    finally:
        _remove(staging)
    return Publication(published, previous, run_id, published_at, data_through, tables, checks, comments)


def rollback(published: Path) -> Path:
    """Put the previous publication back (an atomic rename, like publishing)."""
    previous = previous_path(published)
    if not previous.exists():
        raise PublicationError(f"no previous publication at {previous} to roll back to")
    os.replace(previous, published)
    return published


def _copy(build: Path, target: Path, schemas: tuple[str, ...]) -> dict[str, int]:
    tables: dict[str, int] = {}
    with connect(target, read_only=False) as con:
        con.execute(f"attach '{_sql_path(build)}' as build (read_only)")
        names = con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_catalog = 'build' and table_schema in (select unnest(?)) "
            "order by 1, 2",
            [list(schemas)],
        ).fetchall()
        if not names:
            raise PublicationError(f"{build} has no tables in schemas {', '.join(schemas)}")
        for schema in sorted({s for s, _ in names}):
            con.execute(f'create schema if not exists "{schema}"')
        for schema, table in names:
            # Views become tables: the published file must not depend on the build file.
            con.execute(f'create table "{schema}"."{table}" as select * from build."{schema}"."{table}"')
            # CTAS drops comments; they are the table's documentation in BI tools.
            write_comments(con, schema, table, read_comments(con, "build", schema, table))
            tables[f"{schema}.{table}"] = con.execute(
                f'select count(*) from "{schema}"."{table}"'
            ).fetchone()[0]
        con.execute("detach build")
        con.execute("checkpoint")
    return tables


def _record(
    target: Path,
    run_id: str,
    published_at: dt.datetime,
    data_through: dt.date | None,
    checks: tuple[str, ...],
    tables: dict[str, int],
) -> None:
    with connect(target, read_only=False) as con:
        con.execute(
            "create table main._publication ("
            " run_id varchar, published_at timestamptz, data_through date,"
            " checks_passed varchar[], tables_published integer, rows_published bigint)"
        )
        con.execute(
            "insert into main._publication values (?, ?, ?, ?, ?, ?)",
            [run_id, published_at, data_through, list(checks), len(tables), sum(tables.values())],
        )
        con.execute("checkpoint")


def _verify(build: Path, target: Path, tables: dict[str, int]) -> int:
    """Re-open the finished file on its own and compare row counts and comments with the build file;
    the number of comments published."""
    published_comments = 0
    with connect(target) as con:
        catalog = con.execute("select current_database()").fetchone()[0]
        con.execute(f"attach '{_sql_path(build)}' as build (read_only)")
        for name, expected in tables.items():
            schema, table = name.split(".", 1)
            copied = con.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
            source = con.execute(f'select count(*) from build."{schema}"."{table}"').fetchone()[0]
            if not copied == source == expected:
                raise PublicationError(
                    f"{name}: {copied} rows published but {source} in the build file; not swapped in"
                )
            comments = read_comments(con, catalog, schema, table)
            if comments != read_comments(con, "build", schema, table):
                raise PublicationError(
                    f"{name}: its table or column comments differ from the build file's; not swapped in"
                )
            published_comments += comments.documented
    return published_comments


def remove_stale_staging(published: Path) -> list[Path]:
    """Remove the staging copies (and their WAL) that killed publications left beside `published`."""
    stale = sorted(published.parent.glob(f".{published.stem}.*.tmp{published.suffix}"))
    for path in stale:
        _remove(path)
    return stale


def _keep_previous(published: Path) -> Path | None:
    if not published.exists():
        return None
    previous = previous_path(published)
    tmp = previous.with_name(previous.name + ".tmp")
    _remove(tmp)
    # A second name for the same file, not a copy: the published file is never written in place
    # (the next publication renames a new file over its name), so both names keep these bytes.
    try:
        os.link(published, tmp)
    except OSError:  # a file system without hard links
        shutil.copy2(published, tmp)
    os.replace(tmp, previous)
    return previous


def _remove(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        if p.exists():
            p.unlink()


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")
