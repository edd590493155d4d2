"""The project's configuration, in one place at the bottom of the stack.

Every setting comes from an `OMNI_*` environment variable with a default under `data/`, and this
package is the only code that reads them (dbt's profiles.yml reads what `Settings.dbt_env()` exports).
Ingestion, orchestration, the benchmarks and the tests all take their paths and options from here.
"""

from omnichannel_config.settings import (
    DEV_PHONE_SALT,
    AlertSettings,
    DbtSettings,
    DuckDBSettings,
    Paths,
    Settings,
    SettingsError,
    exported,
    load_settings,
    paths_under,
)
from omnichannel_config.warehouse import connect

__all__ = [
    "DEV_PHONE_SALT",
    "AlertSettings",
    "DbtSettings",
    "DuckDBSettings",
    "Paths",
    "Settings",
    "SettingsError",
    "connect",
    "exported",
    "load_settings",
    "paths_under",
]
