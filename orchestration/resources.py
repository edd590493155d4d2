"""Resources built from environment variables, so the UI, the CLI, dbt and the tests share one setup.

Paths come only from OMNI_* variables (see ingestion.settings): dbt runs as a subprocess that reads
the same variables in its profile, so a second source of truth here would let the two drift apart.
"""

from __future__ import annotations

import dagster as dg

from ingestion.settings import Paths


class WarehouseResource(dg.ConfigurableResource):
    """Where the landing folder, the live build file and the published copy are."""

    def paths(self) -> Paths:
        return Paths.from_env()
