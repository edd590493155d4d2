"""Where things live, from environment variables with defaults under `data/`.

One module owns this so the CLI, Dagster resources, dbt's profile and the tests agree on paths.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


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
    def from_env(cls, env: dict[str, str] | None = None) -> Paths:
        env = dict(os.environ if env is None else env)
        data = Path(env.get("OMNI_DATA_DIR", "data")).absolute()

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

    def as_env(self) -> dict[str, str]:
        """The same paths as environment variables, for subprocesses such as dbt."""
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
    """All paths below one folder: what tests use to keep each run apart."""
    return Paths.from_env({"OMNI_DATA_DIR": str(data_dir)})


# The salt of the phone hashes: development only. A deployment sets its own in OMNI_PHONE_SALT and
# keeps it (changing it changes every phone hash and every Youzan non-member's customer id).
DEV_PHONE_SALT = "omnichannel-dev-salt"


def phone_salt(env: dict[str, str] | None = None) -> str:
    """OMNI_PHONE_SALT, else the development salt. Read at run time, never written to disk."""
    env = os.environ if env is None else env
    return env.get("OMNI_PHONE_SALT") or DEV_PHONE_SALT


# DuckDB settings the same variables give dbt's profile (dbt_project/profiles.yml); unset ones keep
# DuckDB's own defaults here.
_DUCKDB_SETTINGS = {
    "OMNI_DUCKDB_MEMORY_LIMIT": "memory_limit",
    "OMNI_DUCKDB_THREADS": "threads",
    "OMNI_DUCKDB_TEMP_DIR": "temp_directory",
}


def duckdb_settings(env: dict[str, str] | None = None) -> dict[str, str]:
    """`SET` name → value for the DuckDB connections the loader opens."""
    env = dict(os.environ if env is None else env)
    return {setting: env[name] for name, setting in _DUCKDB_SETTINGS.items() if env.get(name)}
