"""The daily schedule fires at 06:00 Shanghai time and the sensor keys runs by the new files."""

import datetime as dt

import dagster as dg

from orchestration.schedules.jobs import daily_schedule
from orchestration.schedules.sensors import landing_run_key


def test_daily_schedule_runs_at_six_in_shanghai():
    assert daily_schedule.cron_schedule == "0 6 * * *"
    assert daily_schedule.execution_timezone == "Asia/Shanghai"
    context = dg.build_schedule_context(
        scheduled_execution_time=dt.datetime(2026, 11, 21, 22, 0, tzinfo=dt.UTC)
    )
    requests = list(daily_schedule.evaluate_tick(context).run_requests or [])
    assert len(requests) == 1


def test_landing_run_key_depends_on_the_set_of_files_not_their_order():
    a = landing_run_key(["landing/a.csv", "landing/b.csv"])
    assert a == landing_run_key(["landing/b.csv", "landing/a.csv"])
    assert a != landing_run_key(["landing/a.csv"])
