"""Fixtures for the customer-mart tests, on the session's tiny simulation and its one dbt build
(`tiny_dbt_build` in tests/conftest.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from omnichannel_config import load_settings
from tests.answer_key_views import connect_with_answer_key
from tests.dbt_runner import DbtBuild


@pytest.fixture(scope="session")
def run_results(tiny_dbt_build: DbtBuild) -> dict:
    return json.loads((tiny_dbt_build.target / "run_results.json").read_text())


@pytest.fixture(scope="session")
def phone_salt() -> str:
    """The salt of macro hash_phone (omnichannel_config: OMNI_PHONE_SALT, else the dev one)."""
    return load_settings().phone_salt


@pytest.fixture()
def con(tiny_dbt_build: DbtBuild, answer_key_dir: Path, phone_salt: str):
    """DuckDB session on the built warehouse with the answer key as temp views
    (tests/answer_key_views.py)."""
    db = connect_with_answer_key(tiny_dbt_build.warehouse, answer_key_dir, phone_salt)
    try:
        yield db
    finally:
        db.close()
