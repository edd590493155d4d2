"""A sensor that notices new files in the landing folder and runs the pipeline for them."""

from __future__ import annotations

import hashlib

import dagster as dg

from orchestration.resources import WarehouseResource
from orchestration.schedules.jobs import landing_pipeline


def landing_run_key(files: list[str]) -> str:
    """One run per distinct set of new files: the same pending set never triggers twice."""
    return hashlib.sha256("\n".join(sorted(files)).encode()).hexdigest()[:16]


@dg.sensor(
    name="landing_folder_sensor",
    job=landing_pipeline,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.STOPPED,
)
def landing_folder_sensor(context: dg.SensorEvaluationContext, warehouse: WarehouseResource):
    from ingestion.load import pending_files

    paths = warehouse.paths()
    if not paths.landing_dir.exists():
        return dg.SkipReason(f"landing folder {paths.landing_dir} does not exist yet")
    pending = [str(p) for p in pending_files(paths.landing_dir, paths.warehouse)]
    if not pending:
        return dg.SkipReason("no new files in the landing folder")
    context.log.info("%d new file(s) in %s", len(pending), paths.landing_dir)
    return dg.RunRequest(
        run_key=landing_run_key(pending),
        tags={"omnichannel/new_files": str(len(pending))},
    )
