"""The project's settings: read from the environment in one place, a bad value named, dbt given exactly
what its profile reads."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from pathlib import Path

import pytest

from omnichannel_config import DEV_PHONE_SALT, Settings, SettingsError, exported, load_settings

ROOT = Path(__file__).parents[2]


def test_defaults_live_under_the_data_folder():
    settings = Settings.from_env({"OMNI_DATA_DIR": "/srv/omni"})
    assert settings.paths.warehouse == Path("/srv/omni/warehouse/warehouse.duckdb")
    assert settings.paths.dbt_target_dir == Path("/srv/omni/dbt/target")
    assert settings.phone_salt == DEV_PHONE_SALT
    assert settings.as_of_date is None and settings.dbt.unit_tests is False


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("OMNI_AS_OF_DATE", "yesterday", "OMNI_AS_OF_DATE is 'yesterday'; expected a date like 2026-06-18"),
        ("OMNI_DBT_THREADS", "four", "OMNI_DBT_THREADS is 'four'; expected a whole number like 4"),
        ("OMNI_ALERT_WEBHOOK_KIND", "slack", "OMNI_ALERT_WEBHOOK_KIND is 'slack'; expected one of wecom"),
    ],
)
def test_a_bad_value_is_refused_naming_the_variable(variable, value, expected):
    with pytest.raises(SettingsError, match=re.escape(expected)):
        Settings.from_env({variable: value})


def test_dbt_gets_exactly_what_its_profile_reads():
    settings = Settings.from_env(
        {"OMNI_WAREHOUSE": "/w/build.duckdb", "OMNI_DUCKDB_MEMORY_LIMIT": "6GB", "OMNI_DBT_THREADS": "2"}
    )
    env = settings.dbt_env()
    assert env["OMNI_DBT_DATABASE"] == "/w/build.duckdb"
    assert env["OMNI_DBT_TEMP_DIRECTORY"] == "/w/build.duckdb.tmp"
    assert (env["OMNI_DBT_MEMORY_LIMIT"], env["OMNI_DBT_DUCKDB_THREADS"], env["OMNI_DBT_THREADS"]) == (
        "6GB",
        "4",
        "2",
    )
    profile = (ROOT / "dbt_project" / "profiles.yml").read_text(encoding="utf-8")
    read = set(re.findall(r"env_var\('([A-Z_]+)'", profile))
    assert read <= set(env), read - set(env)


def test_exported_variables_are_put_back(monkeypatch):
    monkeypatch.setenv("OMNI_DBT_THREADS", "8")
    monkeypatch.delenv("OMNI_DBT_DATABASE", raising=False)
    with exported({"OMNI_DBT_THREADS": "1", "OMNI_DBT_DATABASE": "/x.duckdb"}):
        assert (os.environ["OMNI_DBT_THREADS"], os.environ["OMNI_DBT_DATABASE"]) == ("1", "/x.duckdb")
    assert os.environ["OMNI_DBT_THREADS"] == "8" and "OMNI_DBT_DATABASE" not in os.environ


def test_the_as_of_date_defaults_to_today_in_shanghai():
    assert load_settings({"OMNI_AS_OF_DATE": "2025-11-18"}).as_of() == dt.date(2025, 11, 18)
    assert load_settings({}).as_of() in {dt.date.today(), dt.date.today() + dt.timedelta(days=1)}


def test_only_the_configuration_module_reads_the_environment():
    """grep: os.environ / getenv outside omnichannel_config (and the tests) is a second source of truth."""
    found = subprocess.run(
        [
            "grep",
            "-rnE",
            r"os\.environ|os\.getenv|getenv\(",
            "--include=*.py",
            "ingestion",
            "orchestration",
            "benchmarks",
            "simulator",
            "omnichannel_cli",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout.splitlines()
    assert found == []
