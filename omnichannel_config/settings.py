"""Settings from the environment: `Settings.from_env()` is the one place that reads `OMNI_*`."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import urllib.parse
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The salt of the phone hashes for development and tests. A deployment sets its own in
# OMNI_PHONE_SALT and keeps it: changing it changes every phone hash and Youzan non-member id.
DEV_PHONE_SALT = "omnichannel-dev-salt"
WEBHOOK_KINDS = ("wecom", "dingtalk", "feishu")
_WEBHOOK_HOSTS = {"qyapi.weixin.qq.com": "wecom", "oapi.dingtalk.com": "dingtalk", "open.feishu.cn": "feishu"}
_TRUE = ("1", "true", "yes")


class SettingsError(ValueError):
    """A setting holds a value the project cannot use; the message names the variable."""


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
        """Every setting, from `env` (default: the process environment); a value that cannot be used
        raises SettingsError naming the variable and what is expected."""
        env = os.environ if env is None else env
        kind = (env.get("OMNI_ALERT_WEBHOOK_KIND") or "").strip().lower() or None
        if kind is not None and kind not in WEBHOOK_KINDS:
            raise SettingsError(
                f"OMNI_ALERT_WEBHOOK_KIND is {kind!r}; expected one of {', '.join(WEBHOOK_KINDS)}"
            )
        return cls(
            paths=Paths.from_env(env),
            duckdb=DuckDBSettings(
                memory_limit=env.get("OMNI_DUCKDB_MEMORY_LIMIT") or None,
                threads=env.get("OMNI_DUCKDB_THREADS") or None,
                temp_dir=env.get("OMNI_DUCKDB_TEMP_DIR") or None,
            ),
            dbt=DbtSettings(
                unit_tests=(env.get("OMNI_DBT_UNIT_TESTS") or "").lower() in _TRUE,
                full_refresh=(env.get("OMNI_DBT_FULL_REFRESH") or "").lower() in _TRUE,
                threads=_int(env, "OMNI_DBT_THREADS", 4),
            ),
            alerts=AlertSettings(
                webhook_url=(env.get("OMNI_ALERT_WEBHOOK_URL") or "").strip() or None,
                webhook_kind=kind,
                webhook_secret=env.get("OMNI_ALERT_WEBHOOK_SECRET") or None,
            ),
            phone_salt=env.get("OMNI_PHONE_SALT") or DEV_PHONE_SALT,
            as_of_date=_date(env, "OMNI_AS_OF_DATE"),
            dagster_home=Path(env["DAGSTER_HOME"]) if env.get("DAGSTER_HOME") else None,
        )

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


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name)
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SettingsError(f"{name} is {value!r}; expected a whole number like {default}") from None


def _date(env: Mapping[str, str], name: str) -> dt.date | None:
    value = env.get(name)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SettingsError(f"{name} is {value!r}; expected a date like 2026-06-18 (YYYY-MM-DD)") from None


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
