"""The landing sensor asks for a run when new files arrive, and only once per set of new files."""

import shutil
from pathlib import Path

import dagster as dg

from ingestion.load import ingest
from orchestration.resources import WarehouseResource
from orchestration.schedules.sensors import landing_folder_sensor

FIXTURE = Path(__file__).parents[1] / "fixtures" / "exports" / "拼多多_交易数据_20260501.csv"


def evaluate(instance) -> list:
    # The sensor takes its paths from the same resource as the assets (its fields default to the
    # environment the test sets).
    context = dg.build_sensor_context(instance=instance, resources={"warehouse": WarehouseResource()})
    result = landing_folder_sensor.evaluate_tick(context)
    return result


def test_new_file_triggers_one_run_then_nothing_after_ingestion(tmp_path, monkeypatch):
    landing, warehouse = tmp_path / "landing", tmp_path / "warehouse.duckdb"
    monkeypatch.setenv("OMNI_LANDING_DIR", str(landing))
    monkeypatch.setenv("OMNI_WAREHOUSE", str(warehouse))
    with dg.instance_for_test() as instance:
        assert "does not exist" in evaluate(instance).skip_message
        (landing / "pdd" / "traffic").mkdir(parents=True)
        assert evaluate(instance).skip_message == "no new files in the landing folder"

        shutil.copy(FIXTURE, landing / "pdd" / "traffic" / FIXTURE.name)
        tick = evaluate(instance)
        assert len(tick.run_requests) == 1
        assert tick.run_requests[0].tags["omnichannel/new_files"] == "1"

        report = ingest(landing=landing, warehouse=warehouse, quarantine=tmp_path / "quarantine")
        assert [f.status for f in report.files] == ["loaded"]
        assert evaluate(instance).skip_message == "no new files in the landing folder"
