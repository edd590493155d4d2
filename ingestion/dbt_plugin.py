"""A dbt-duckdb plugin that hands the phone-hash salt to every DuckDB connection dbt opens.

The salt is a secret: with it, every 11-digit phone behind a hash can be found by trying them all.
Rendered through a dbt `var`, it landed in compiled SQL, manifest.json, run_results.json,
partial_parse.msgpack and dbt.log on every run. Set here as a DuckDB variable (`omni_phone_salt`)
when dbt connects, it never passes through Jinja and is never written to disk; the SQL reads it
with `getvariable('omni_phone_salt')` (macro hash_phone).

Listed under `plugins:` in dbt_project/profiles.yml.
"""

from __future__ import annotations

from dbt.adapters.duckdb.plugins import BasePlugin

from omnichannel_config import load_settings


def set_phone_salt(con) -> None:
    """Give a DuckDB connection (or cursor) the salt, read from OMNI_PHONE_SALT now."""
    con.execute("SET VARIABLE omni_phone_salt = ?", [load_settings().phone_salt])


class Plugin(BasePlugin):
    def configure_connection(self, conn) -> None:
        set_phone_salt(conn)

    def configure_cursor(self, cursor) -> None:
        # DuckDB variables belong to a connection, and each dbt thread works on a cursor of its own.
        set_phone_salt(cursor)
