"""`omnichannel doctor`: the settings as resolved (secrets masked) and whether each one works.

Exit 0 when every check passes, 1 with the problems listed. Notes (nothing published yet, the
development phone salt) are printed but are not problems: a fresh checkout is healthy.
"""

from __future__ import annotations

import argparse
import sys
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from omnichannel_config import DEV_PHONE_SALT, Paths, Settings, SettingsError, load_settings
from omnichannel_config.preflight import missing_folder, readable_file, unwritable

EXIT_OK = 0
EXIT_PROBLEMS = 1
_MASK = "***"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "doctor",
        help="print the resolved settings (secrets masked) and check them: folders, files, Dagster home",
        description="Print every setting as resolved from the environment and check that the folders "
        "exist or can be created, the warehouse files open, dbt's manifest is prepared and Dagster's "
        "home is usable. Exit 0 when fine, 1 with the problems listed.",
    )
    # A bad setting is what doctor is for: it reports it instead of stopping before it runs.
    parser.set_defaults(func=run, validates_settings=False)


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fine: list[str] = field(default_factory=list)

    def check(self, problem: str | None, fine: str) -> None:
        if problem:
            self.problems.append(problem)
        else:
            self.fine.append(fine)


def run(args: argparse.Namespace, out=None) -> int:
    out = out or sys.stdout
    findings = Findings()
    try:
        settings = load_settings()
    except SettingsError as exc:
        findings.problems.extend(exc.problems)
        settings = None
    print("设置 settings (OMNI_* variables; secrets masked):", file=out)
    for name, value in describe(settings or _paths_only()):
        print(f"  {name:<28} {value}", file=out)
    if settings is not None:
        check_settings(settings, findings)
    print("检查 checks:", file=out)
    for line in findings.fine:
        print(f"  ok    {line}", file=out)
    for line in findings.notes:
        print(f"  note  {line}", file=out)
    for line in findings.problems:
        print(f"  FAIL  {line}", file=out)
    if findings.problems:
        print(f"结果 result: {len(findings.problems)} 个问题 problem(s), listed above (FAIL)", file=out)
        return EXIT_PROBLEMS
    print("结果 result: 一切正常 all fine", file=out)
    return EXIT_OK


def _paths_only() -> Paths:
    return Paths.from_env()  # paths are never refused: they show even when another setting is


def describe(settings: Settings | Paths) -> list[tuple[str, str]]:
    """(variable, resolved value) pairs; the phone salt, the robot's secret and its URL token masked."""
    paths = settings if isinstance(settings, Paths) else settings.paths
    rows = [(name, value) for name, value in paths.as_env().items()]
    if isinstance(settings, Paths):
        return rows
    salt = "(development default)" if settings.phone_salt == DEV_PHONE_SALT else f"{_MASK} (set)"
    alerts = settings.alerts
    rows += [
        ("OMNI_PHONE_SALT", salt),
        ("OMNI_AS_OF_DATE", str(settings.as_of_date or f"(today in Shanghai: {settings.as_of()})")),
        (
            "OMNI_DUCKDB_MEMORY_LIMIT",
            settings.duckdb.memory_limit or "(2GB for dbt, DuckDB's default for ingestion)",
        ),
        ("OMNI_DUCKDB_THREADS", settings.duckdb.threads or "(4 for dbt)"),
        ("OMNI_DUCKDB_TEMP_DIR", settings.duckdb.temp_dir or "(beside the build file)"),
        ("OMNI_DBT_THREADS", str(settings.dbt.threads)),
        ("OMNI_DBT_UNIT_TESTS", "1" if settings.dbt.unit_tests else "0"),
        ("OMNI_DBT_FULL_REFRESH", "1" if settings.dbt.full_refresh else "0"),
        (
            "OMNI_ALERT_WEBHOOK_URL",
            mask_url(alerts.webhook_url) if alerts.webhook_url else "(unset: alerts off)",
        ),
        ("OMNI_ALERT_WEBHOOK_KIND", alerts.kind or "-"),
        ("OMNI_ALERT_WEBHOOK_SECRET", f"{_MASK} (set)" if alerts.webhook_secret else "(unset)"),
        ("OMNI_DAGSTER_URL", getattr(alerts, "dagster_url", None) or "(unset)"),
        ("DAGSTER_HOME", str(settings.dagster_home or "(unset: runs use a temporary instance)")),
    ]
    return rows


def mask_url(url: str) -> str:
    """The robot's address with its token hidden: query values (WeCom `key`, DingTalk
    `access_token`) and long path segments (Feishu's hook id)."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    masked_query = "&".join(f"{name}={_MASK}" for name, _ in query)
    path = "/".join(_MASK if len(segment) >= 16 else segment for segment in parts.path.split("/"))
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, masked_query, ""))


def check_settings(settings: Settings, findings: Findings) -> None:
    paths = settings.paths
    findings.check(unwritable(paths.data_dir, "OMNI_DATA_DIR"), f"data folder {paths.data_dir}")
    landing = missing_folder(paths.landing_dir, "OMNI_LANDING_DIR (or OMNI_DATA_DIR)", "landing folder")
    if landing:
        findings.problems.append(f"{landing} (drop exports there, or `make simulate` for sample ones)")
    else:
        files = sum(1 for p in paths.landing_dir.rglob("*") if p.is_file())
        findings.fine.append(f"landing folder {paths.landing_dir}: {files:,} files")
    for path, name, what in (
        (paths.quarantine_dir, "OMNI_QUARANTINE_DIR", "quarantine folder"),
        (paths.reports_dir, "OMNI_REPORTS_DIR", "reports folder"),
        (paths.logs_dir, "OMNI_DATA_DIR (its logs folder)", "logs folder"),
    ):
        findings.check(unwritable(path, name), f"{what} {path} writable (or can be created)")
    _check_duckdb(paths.warehouse, "OMNI_WAREHOUSE", "build file", findings, writable=True)
    _check_duckdb(paths.published, "OMNI_PUBLISHED", "published file", findings, writable=True)
    manifest = paths.dbt_target_dir / "manifest.json"
    if manifest.is_file():
        findings.fine.append(f"dbt manifest {manifest}")
    else:
        findings.notes.append(
            f"dbt manifest {manifest} not prepared yet: `omnichannel dbt parse` (run does it)"
        )
    if settings.dagster_home is None:
        findings.notes.append(
            "DAGSTER_HOME unset: `omnichannel run` uses a temporary instance (make sets it)"
        )
    else:
        findings.check(
            unwritable(settings.dagster_home, "DAGSTER_HOME"), f"Dagster home {settings.dagster_home}"
        )
    if settings.phone_salt == DEV_PHONE_SALT:
        findings.notes.append("OMNI_PHONE_SALT is the development default: set your own in production")


def _check_duckdb(path: Path, setting: str, what: str, findings: Findings, writable: bool) -> None:
    """Absent is fine (not built yet); present, it must open read-only and list its tables."""
    problem = readable_file(path, setting) or (unwritable(path, setting, "file") if writable else None)
    if problem:
        findings.problems.append(problem)
        return
    if not path.exists():
        findings.notes.append(f"{what} {path} does not exist yet (`omnichannel run` creates it)")
        return
    try:
        with duckdb.connect(str(path), read_only=True) as con:
            tables = con.execute("select count(*) from information_schema.tables").fetchone()[0]
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            findings.notes.append(f"{what} {path} is in use by a writer (a run?); not opened")
        else:
            findings.problems.append(f"{setting}: {path} cannot be opened by DuckDB: {_first_line(exc)}")
        return
    except duckdb.Error as exc:
        findings.problems.append(
            f"{setting}: {path} is not a DuckDB file DuckDB can open: {_first_line(exc)}"
        )
        return
    findings.fine.append(f"{what} {path}: opens, {tables} tables")


def _first_line(exc: BaseException) -> str:
    return next((line for line in str(exc).splitlines() if line.strip()), type(exc).__name__)[:300]
