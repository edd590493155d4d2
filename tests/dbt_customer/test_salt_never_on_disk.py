"""The phone-hash salt never reaches a file: with it, every 11-digit phone behind a hash can be found
by trying them all. It was rendered by a dbt var into compiled SQL, manifest.json, run_results.json,
partial_parse.msgpack and dbt.log on every run; now a dbt-duckdb plugin sets it on each connection."""

from __future__ import annotations

import pytest

from omnichannel_config import load_settings
from tests.dbt_runner import DbtBuild

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("tiny_dbt")]


def test_no_file_dbt_wrote_holds_the_salt(tiny_dbt_build: DbtBuild):
    assert tiny_dbt_build.returncode == 0
    salt = load_settings().phone_salt.encode()
    dbt_folder = tiny_dbt_build.target.parent  # target/ and logs/ of this build
    files = [p for p in dbt_folder.rglob("*") if p.is_file()]
    assert any(p.name == "manifest.json" for p in files) and any(p.suffix == ".log" for p in files)
    holding = [str(p.relative_to(dbt_folder)) for p in files if salt in p.read_bytes()]
    assert holding == []


def test_phones_are_still_hashed_with_the_salt(con):
    """The CRM member's phone hash is sha256(salt || last 11 digits), as before."""
    phone, expected = con.execute(
        "select phone, sha256(? || right(regexp_replace(phone, '[^0-9]', '', 'g'), 11)) from members limit 1",
        [load_settings().phone_salt],
    ).fetchone()
    hashes = {r[0] for r in con.execute("select phone_hash from staging.stg_crm__members").fetchall()}
    assert phone and expected in hashes
