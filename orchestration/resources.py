"""Resources with real fields, defaulting to the project's settings (omnichannel_config), so the UI,
the CLI, the sensors, dbt and the tests share one setup and a deployment can override a field in
Dagster's launchpad or definitions instead of the environment."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from omnichannel_config import Paths, Settings, load_settings

# Every asset or check that writes the build file runs in this pool, limited to one at a time in
# data/dagster_home/dagster.yaml: DuckDB allows one writer.
WAREHOUSE_POOL = "duckdb_writer"


class WarehouseResource(dg.ConfigurableResource):
    """Where the landing folder, the live build file and the published copy are. A field left empty
    takes the setting's value (OMNI_DATA_DIR and friends, see README "Configuration")."""

    data_dir: str | None = None
    landing_dir: str | None = None
    quarantine_dir: str | None = None
    warehouse: str | None = None
    published: str | None = None
    reports_dir: str | None = None

    def settings(self) -> Settings:
        """The project's settings with this resource's fields in place of the environment's."""
        base = load_settings()
        data = Path(self.data_dir).absolute() if self.data_dir else base.paths.data_dir
        defaults = base.paths if not self.data_dir else Paths.from_env({"OMNI_DATA_DIR": str(data)})

        def pick(value: str | None, default: Path) -> Path:
            return Path(value).absolute() if value else default

        paths = Paths(
            data_dir=data,
            landing_dir=pick(self.landing_dir, defaults.landing_dir),
            quarantine_dir=pick(self.quarantine_dir, defaults.quarantine_dir),
            warehouse=pick(self.warehouse, defaults.warehouse),
            published=pick(self.published, defaults.published),
            answer_key_dir=defaults.answer_key_dir,
            reports_dir=pick(self.reports_dir, defaults.reports_dir),
        )
        return Settings(**{**base.__dict__, "paths": paths})

    def paths(self) -> Paths:
        return self.settings().paths
