"""A bad setting or argument stops every `omnichannel` subcommand at start-up: one line naming the
variable (or option) and what is expected, exit code 2, in well under the time any work would
take, never a traceback. Each case runs the real console entry point in a subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


def omnichannel(args: list[str], env: dict[str, str], cwd: Path) -> tuple[subprocess.CompletedProcess, float]:
    """`omnichannel …` as a user runs it, with only `env` on top of a clean OMNI_* environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("OMNI_", "DAGSTER_"))}
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "omnichannel_cli.main", *args],
        env={**clean, "PYTHONPATH": str(ROOT), **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return done, time.monotonic() - started


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder with an (empty) landing folder: only the setting under test is wrong."""
    (tmp_path / "data" / "landing").mkdir(parents=True)
    (tmp_path / "a_file").write_text("not a folder", encoding="utf-8")
    return tmp_path / "data"


# (subcommand and arguments, environment, text the one line must hold)
CASES = [
    (
        ["run"],
        {"OMNI_AS_OF_DATE": "yesterday"},
        "OMNI_AS_OF_DATE is 'yesterday'; expected a date like 2026-06-18",
    ),
    (["run"], {"OMNI_AS_OF_DATE": "2026-02-30"}, "OMNI_AS_OF_DATE is '2026-02-30'; expected a date"),
    (["run"], {"OMNI_DBT_THREADS": "four"}, "OMNI_DBT_THREADS is 'four'; expected a whole number"),
    (["run"], {"OMNI_DBT_THREADS": "0"}, "OMNI_DBT_THREADS is '0'; expected a whole number from 1 to 256"),
    (["ingest"], {"OMNI_DUCKDB_THREADS": "-2"}, "OMNI_DUCKDB_THREADS is '-2'"),
    (
        ["ingest"],
        {"OMNI_DUCKDB_MEMORY_LIMIT": "2"},
        "OMNI_DUCKDB_MEMORY_LIMIT is '2'; expected a size with its unit",
    ),
    (["run"], {"OMNI_DUCKDB_MEMORY_LIMIT": "lots"}, "OMNI_DUCKDB_MEMORY_LIMIT is 'lots'"),
    (
        ["dbt", "build"],
        {"OMNI_DBT_UNIT_TESTS": "maybe"},
        "OMNI_DBT_UNIT_TESTS is 'maybe'; expected 1 (on) or 0",
    ),
    (
        ["run"],
        {"OMNI_ALERT_WEBHOOK_KIND": "slack"},
        "OMNI_ALERT_WEBHOOK_KIND is 'slack'; expected one of wecom",
    ),
    (
        ["run"],
        {"OMNI_ALERT_WEBHOOK_URL": "qyapi.weixin.qq.com/x"},
        "OMNI_ALERT_WEBHOOK_URL is 'qyapi.weixin.qq.com/x'",
    ),
    (
        ["bench"],
        {"OMNI_DAGSTER_URL": "localhost:3000"},
        "OMNI_DAGSTER_URL is 'localhost:3000'; expected an http(s)",
    ),
    (["simulate", "--out", "o", "--answer-key", "k"], {"DAGSTER_HOME": "home"}, "DAGSTER_HOME is 'home'"),
    (
        ["run"],
        {"OMNI_LANDING_DIR": "{tmp}/no_such_folder"},
        "OMNI_LANDING_DIR (or OMNI_DATA_DIR): the landing",
    ),
    (
        ["run"],
        {"OMNI_WAREHOUSE": "{tmp}/a_file/w.duckdb"},
        "OMNI_WAREHOUSE: cannot create {tmp}/a_file/w.duckdb",
    ),
    (
        ["run"],
        {"OMNI_REPORTS_DIR": "{tmp}/a_file"},
        "OMNI_REPORTS_DIR: {tmp}/a_file is a file; expected a folder",
    ),
    (["ingest", "--landing", "no_such_folder"], {}, "the landing folder no_such_folder does not exist"),
    (
        ["ingest", "--warehouse", "{tmp}/a_file/w.duckdb"],
        {},
        "--warehouse: cannot create {tmp}/a_file/w.duckdb",
    ),
    (
        ["simulate", "--start", "2026-13-45", "--out", "o", "--answer-key", "k"],
        {},
        "argument --start: '2026-13-45'",
    ),
    (["simulate", "--days", "0", "--out", "o", "--answer-key", "k"], {}, "argument --days: '0' is not valid"),
    (["simulate", "--out", "{tmp}/a_file/o", "--answer-key", "k"], {}, "--out: cannot create {tmp}/a_file/o"),
    (
        ["bench", "--memory-limit", "4 gigs"],
        {},
        "argument --memory-limit: '4 gigs' is not valid; expected a size",
    ),
    (
        ["bench", "--dbt-threads", "many"],
        {},
        "argument --dbt-threads: 'many' is not valid; expected a whole number",
    ),
    (["no_such_command"], {}, "invalid choice: 'no_such_command'"),
]


@pytest.mark.parametrize(
    ("args", "env", "expected"), CASES, ids=[" ".join(c[0][:2]) + str(c[1]) for c in CASES]
)
def test_a_bad_setting_stops_at_once_naming_it(data: Path, args, env, expected):
    tmp = str(data.parent)
    args = [a.replace("{tmp}", tmp) for a in args]
    env = {"OMNI_DATA_DIR": str(data), **{k: v.replace("{tmp}", tmp) for k, v in env.items()}}
    done, seconds = omnichannel(args, env, cwd=data.parent)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert expected.replace("{tmp}", tmp) in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stderr.startswith("error: ") and len(done.stderr.splitlines()) == 1, done.stderr
    assert seconds < 2, f"took {seconds:.1f}s: the check must come before any work"


def test_every_bad_setting_is_named_at_once(data: Path):
    env = {"OMNI_DATA_DIR": str(data), "OMNI_AS_OF_DATE": "tomorrow", "OMNI_DBT_THREADS": "x"}
    done, _ = omnichannel(["run"], env, cwd=data.parent)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "error: OMNI_DBT_THREADS is 'x'; expected a whole number like 4",
        "error: OMNI_AS_OF_DATE is 'tomorrow'; expected a date like 2026-06-18 (YYYY-MM-DD)",
    ]


def test_debug_shows_the_traceback_in_either_position(data: Path):
    env = {"OMNI_DATA_DIR": str(data)}
    bad = str(data.parent / "a_file" / "o")
    for args in (
        ["--debug", "simulate", "--out", bad, "--answer-key", "k"],
        ["simulate", "--out", bad, "--answer-key", "k", "--debug"],
    ):
        done, _ = omnichannel(args, env, cwd=data.parent)
        assert "Traceback (most recent call last)" in done.stderr, args
        assert f"SettingsError: --out: cannot create {bad}" in done.stderr
    quiet, _ = omnichannel(["simulate", "--out", bad, "--answer-key", "k"], env, cwd=data.parent)
    assert "Traceback" not in quiet.stderr and quiet.returncode == 2


def test_an_unexpected_failure_is_one_line_exit_3(monkeypatch, capsys):
    """A crash inside a subcommand (here dbt missing) ends as one line; --debug raises it."""
    from omnichannel_cli import dbt, main

    def missing(*args, **kwargs):
        raise FileNotFoundError(2, "No such file or directory", "dbt")

    monkeypatch.setattr(dbt.subprocess, "run", missing)
    monkeypatch.delenv("OMNI_AS_OF_DATE", raising=False)
    assert main.main(["dbt", "parse"]) == 3
    err = capsys.readouterr().err
    assert err == (
        "error: FileNotFoundError: [Errno 2] No such file or directory: 'dbt' "
        "(omnichannel --debug … shows the traceback)\n"
    )
    with pytest.raises(FileNotFoundError):
        main.main(["--debug", "dbt", "parse"])
