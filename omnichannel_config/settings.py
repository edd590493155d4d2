"""Settings from the environment: `Settings.from_env()` is the one place that reads `OMNI_*`."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import urllib.parse
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from omnichannel_config import values

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The salt of the phone hashes for development and tests. A deployment sets its own in
# OMNI_PHONE_SALT and keeps it: changing it changes every phone hash and Youzan non-member id.
DEV_PHONE_SALT = "omnichannel-dev-salt"
WEBHOOK_KINDS = ("wecom", "dingtalk", "feishu")
_WEBHOOK_HOSTS = {"qyapi.weixin.qq.com": "wecom", "oapi.dingtalk.com": "dingtalk", "open.feishu.cn": "feishu"}
T = TypeVar("T")


class SettingsError(ValueError):
    """Settings or arguments the project cannot use: one problem per line, each naming the variable
    (or option) and what is expected."""

    def __init__(self, *problems: str):
        super().__init__("\n".join(problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    landing_dir: Path
    quarantine_dir: Path
    warehouse: Path
    published: Path
    answer_key_dir: Path
    reports_dir: Path

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Paths:
        env = os.environ if env is None else env
        data = Path(env.get("OMNI_DATA_DIR") or "data").absolute()

        def pick(name: str, default: Path) -> Path:
            return Path(env[name]).absolute() if env.get(name) else default

        return cls(
            data_dir=data,
            landing_dir=pick("OMNI_LANDING_DIR", data / "landing"),
            quarantine_dir=pick("OMNI_QUARANTINE_DIR", data / "quarantine"),
            warehouse=pick("OMNI_WAREHOUSE", data / "warehouse" / "warehouse.duckdb"),
            published=pick("OMNI_PUBLISHED", data / "published" / "warehouse.duckdb"),
            answer_key_dir=pick("OMNI_ANSWER_KEY_DIR", data / "answer_key"),
            reports_dir=pick("OMNI_REPORTS_DIR", data / "reports"),
        )

    @property
    def dbt_target_dir(self) -> Path:
        """Where dbt's manifest, compiled SQL and logs go: the data folder, not the checkout."""
        return self.data_dir / "dbt" / "target"

    @property
    def logs_dir(self) -> Path:
        """The full log of each `omnichannel run` (the console shows a summary)."""
        return self.data_dir / "logs"

    def as_env(self) -> dict[str, str]:
        """The same paths as environment variables, for subprocesses (dbt, a second CLI)."""
        return {
            "OMNI_DATA_DIR": str(self.data_dir),
            "OMNI_LANDING_DIR": str(self.landing_dir),
            "OMNI_QUARANTINE_DIR": str(self.quarantine_dir),
            "OMNI_WAREHOUSE": str(self.warehouse),
            "OMNI_PUBLISHED": str(self.published),
            "OMNI_ANSWER_KEY_DIR": str(self.answer_key_dir),
            "OMNI_REPORTS_DIR": str(self.reports_dir),
        }


def paths_under(data_dir: Path) -> Paths:
    """All paths below one folder: what tests and benchmarks use to keep each run apart."""
    return Paths.from_env({"OMNI_DATA_DIR": str(data_dir)})


@dataclass(frozen=True)
class DuckDBSettings:
    """DuckDB's memory limit, threads and spill folder, for ingestion's connection and dbt's."""

    memory_limit: str | None = None
    threads: str | None = None
    temp_dir: str | None = None

    def statements(self) -> dict[str, str]:
        """`SET` name → value for the settings that are set (unset ones keep DuckDB's defaults)."""
        values = {"memory_limit": self.memory_limit, "threads": self.threads, "temp_directory": self.temp_dir}
        return {name: value for name, value in values.items() if value}


@dataclass(frozen=True)
class DbtSettings:
    unit_tests: bool = False  # the daily run leaves dbt's unit tests to CI
    full_refresh: bool = False  # rebuild the incremental order-state models from every raw row
    threads: int = 4


@dataclass(frozen=True)
class AlertSettings:
    """The group robot alerts go to; off when there is no URL."""

    webhook_url: str | None = None
    webhook_kind: str | None = None  # wecom | dingtalk | feishu; guessed from the host when unset
    webhook_secret: str | None = None  # the robot's signing secret (DingTalk and Feishu 加签)
    dagster_url: str | None = None  # the Dagster UI's address, for a link to the run in each alert

    @property
    def kind(self) -> str | None:
        if not self.webhook_url:
            return None
        host = urllib.parse.urlparse(self.webhook_url).hostname or ""
        return self.webhook_kind or _WEBHOOK_HOSTS.get(host, "wecom")


@dataclass(frozen=True)
class Settings:
    paths: Paths
    duckdb: DuckDBSettings
    dbt: DbtSettings
    alerts: AlertSettings
    phone_salt: str
    as_of_date: dt.date | None  # None: today in Shanghai when asked (`as_of()`)
    dagster_home: Path | None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Every setting, from `env` (default: the process environment). Every value that cannot be
        used is collected first, then SettingsError names each variable and what it expects, so a
        person fixes them all at once rather than one per attempt."""
        read = _Reader(os.environ if env is None else env)
        kind = read.text("OMNI_ALERT_WEBHOOK_KIND")
        kind = kind.lower() if kind else None
        if kind is not None and kind not in WEBHOOK_KINDS:
            read.refuse("OMNI_ALERT_WEBHOOK_KIND", kind, f"one of {', '.join(WEBHOOK_KINDS)}")
        settings = cls(
            paths=Paths.from_env(read.env),
            duckdb=DuckDBSettings(
                memory_limit=read.value("OMNI_DUCKDB_MEMORY_LIMIT", values.parse_size),
                threads=_text(read.value("OMNI_DUCKDB_THREADS", values.parse_count)),
                temp_dir=read.text("OMNI_DUCKDB_TEMP_DIR"),
            ),
            dbt=DbtSettings(
                unit_tests=read.value("OMNI_DBT_UNIT_TESTS", values.parse_flag) or False,
                full_refresh=read.value("OMNI_DBT_FULL_REFRESH", values.parse_flag) or False,
                threads=read.value("OMNI_DBT_THREADS", values.parse_count) or 4,
            ),
            alerts=AlertSettings(
                webhook_url=read.value("OMNI_ALERT_WEBHOOK_URL", values.parse_http_url),
                webhook_kind=kind,
                webhook_secret=read.env.get("OMNI_ALERT_WEBHOOK_SECRET") or None,
                dagster_url=(read.value("OMNI_DAGSTER_URL", values.parse_http_url) or "").rstrip("/") or None,
            ),
            phone_salt=read.env.get("OMNI_PHONE_SALT") or DEV_PHONE_SALT,
            as_of_date=read.value("OMNI_AS_OF_DATE", values.parse_date),
            dagster_home=read.value("DAGSTER_HOME", _absolute_path),
        )
        if read.problems:
            raise SettingsError(*read.problems)
        return settings

    def as_of(self) -> dt.date:
        """The day a run reports on: OMNI_AS_OF_DATE, else today in Shanghai."""
        return self.as_of_date or dt.datetime.now(SHANGHAI).date()

    def dbt_env(self) -> dict[str, str]:
        """What dbt's profiles.yml reads (and nothing else does): the resolved warehouse and DuckDB
        settings, plus the paths, for the dbt subprocess."""
        warehouse = str(self.paths.warehouse)
        return {
            **self.paths.as_env(),
            "OMNI_DBT_DATABASE": warehouse,
            "OMNI_DBT_TEMP_DIRECTORY": self.duckdb.temp_dir or f"{warehouse}.tmp",
            "OMNI_DBT_MEMORY_LIMIT": self.duckdb.memory_limit or "2GB",
            "OMNI_DBT_DUCKDB_THREADS": self.duckdb.threads or "4",
            "OMNI_DBT_THREADS": str(self.dbt.threads),
        }


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """The settings as the environment says now (read afresh each call: cheap, and no stale global)."""
    return Settings.from_env(env)


class _Reader:
    """Reads variables, collecting what it cannot use instead of stopping at the first."""

    def __init__(self, env: Mapping[str, str]):
        self.env = env
        self.problems: list[str] = []

    def text(self, name: str) -> str | None:
        return (self.env.get(name) or "").strip() or None

    def refuse(self, name: str, value: str, expected: str) -> None:
        self.problems.append(f"{name} is {value!r}; expected {expected}")

    def value(self, name: str, parse: Callable[[str], T]) -> T | None:
        """The variable parsed, or None when unset (or refused: the problem is recorded)."""
        text = self.text(name)
        if text is None:
            return None
        try:
            return parse(text)
        except ValueError as exc:
            self.refuse(name, text, str(exc))
            return None


def _text(number: int | None) -> str | None:
    return None if number is None else str(number)


def _absolute_path(value: str) -> Path:
    """DAGSTER_HOME: Dagster refuses a relative one, deep inside its first run."""
    path = Path(value)
    if not path.is_absolute():
        raise ValueError("an absolute path like /srv/omnichannel/dagster_home")
    return path


@contextlib.contextmanager
def exported(variables: Mapping[str, str]) -> Iterator[None]:
    """Set `variables` in this process's environment for the duration, then put back what was
    there. For libraries that start subprocesses with a copy of os.environ and take no env of their
    own (dagster-dbt's DbtCliResource): dbt's profile reads what `Settings.dbt_env()` exports."""
    saved = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
