"""`omnichannel run`: materialize every asset once, in process, as the daily schedule would.

Runs against the Dagster instance in DAGSTER_HOME when it is set, so the run shows in `make dev`'s UI.
"""

from __future__ import annotations

import argparse
import signal
import sys


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "run",
        help="materialize every asset (ingest, dbt build with tests, publish) in process",
        description="Run the daily pipeline once over whatever is in the landing folder.",
    )
    parser.add_argument(
        "--job",
        default="daily_pipeline",
        help="job to execute (default: daily_pipeline, every asset)",
    )
    parser.set_defaults(func=run)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def run(args: argparse.Namespace) -> int:
    """Check the settings and paths, then run the job with a quiet console (README, Configuration).
    Exit 0 done, 1 the run failed (a step or a gate), 2 a wrong setting (nothing done), 3 the
    warehouse is in use."""
    from omnichannel_cli.console import new_log_file, quiet_console
    from omnichannel_config import SettingsError, load_settings
    from omnichannel_config.preflight import pipeline_problems

    # The settings the warehouse resource resolves to (its fields are empty here), checked before
    # importing Dagster: a missing landing folder used to surface 80 s into the run.
    settings = load_settings()
    problems = pipeline_problems(settings)
    if problems:
        raise SettingsError(*problems)
    from orchestration.run_console import reported_elsewhere

    log_file = new_log_file(settings.paths.logs_dir, "run")
    with quiet_console(log_file, hide=reported_elsewhere) as console:
        console.say(f"omnichannel run --job {args.job}: 完整日志 full log {log_file}")
        return _run_job(args.job, settings, console)


def _run_job(job_name: str, settings, console) -> int:
    import logging

    import dagster as dg

    from ingestion.run_lock import RunLockHeld, lead_own_process_group, run_lock
    from orchestration.alerts.notify import alert_run
    from orchestration.dbt.project import prepare_manifest
    from orchestration.run_console import DAGSTER_LOGGER, StageReporter, with_python_logging

    prepare_manifest()  # before the definitions read it
    from orchestration.dbt.assets import warehouse_dbt_models
    from orchestration.definitions import defs

    instance = None
    if settings.dagster_home is not None:  # the instance `make dev`'s UI shows
        settings.dagster_home.mkdir(parents=True, exist_ok=True)
        instance = dg.DagsterInstance.get()
    job, run_config = with_python_logging(defs.resolve_job_def(job_name))
    reporter = StageReporter(console, len(warehouse_dbt_models.keys) + len(warehouse_dbt_models.check_keys))
    listened = [logging.getLogger(DAGSTER_LOGGER), logging.getLogger("ingestion")]
    # The run and the dbt it starts form one process group: killed, the next run stops what is left.
    lead_own_process_group()
    # SIGTERM (a scheduler stopping the run) ends it like Ctrl-C, so Dagster stops dbt on the way out.
    signal.signal(signal.SIGTERM, _interrupt)
    for logger in listened:
        logger.addHandler(reporter)
    try:
        with run_lock(settings.paths.warehouse, f"omnichannel run --job {job_name}"):
            result = job.execute_in_process(run_config=run_config, instance=instance, raise_on_error=False)
    except RunLockHeld as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
    finally:
        for logger in listened:
            logger.removeHandler(reporter)
    alert_run(result.dagster_run, result.all_events)  # the daemon's alert sensors skip CLI runs
    _report(job_name, result, settings.paths, console, reporter.skipped)
    return 0 if result.success else 1


def _report(job_name: str, result, paths, console, skipped: list[str]) -> None:
    """The run's outcome: where the files are, which checks failed, the coverage of the exports."""
    import dagster as dg
    import duckdb

    from orchestration.quality import coverage
    from orchestration.quality.report import report_index

    materialized = [
        e.asset_key.to_user_string()
        for e in result.all_events
        if e.event_type_value == "ASSET_MATERIALIZATION"
    ]
    evaluations = [
        e.event_specific_data for e in result.all_events if e.event_type_value == "ASSET_CHECK_EVALUATION"
    ]
    failed_checks = [
        f"{'warning' if e.severity == dg.AssetCheckSeverity.WARN else 'FAILED'}: "
        f"{e.asset_key.to_user_string()}: {e.check_name}"
        for e in evaluations
        if not e.passed
    ]
    outcome = "succeeded 成功" if result.success else "FAILED 失败"
    console.say(f"{job_name}: {outcome}, run {result.run_id}")
    console.say(f"  assets materialized: {len(materialized)}")
    console.say(f"  warehouse (build file, one writer): {paths.warehouse}")
    published = "published/warehouse" in materialized
    console.say(
        f"  published for BI (read-only):     {paths.published}{'' if published else '  (not updated)'}"
    )
    for check in failed_checks:
        console.say(f"  check {check}")
    if any(coverage.RECONCILIATION_TEST in check for check in failed_checks):
        for message in coverage.reconciliation_failures(paths.warehouse):
            console.say(f"    lost: {message}")
    console.say(f"  quality report: {report_index(paths.reports_dir / 'quality')}")
    try:
        table = coverage.read_coverage(paths.warehouse) if paths.warehouse.exists() else None
    except duckdb.Error as exc:  # a failed run may leave the build file unreadable: say so, go on
        console.say(f"  coverage of the exports not read: {' '.join(str(exc).split())[:300]}")
        table = None
    if table is not None:
        console.say(f"  coverage of the exports: {coverage.write_report(table, paths.reports_dir)}")
        for line in coverage.summary_lines(table):
            console.say(f"    {line}")
    if skipped:
        console.say(f"  跳过 skipped (a step before them failed): {', '.join(skipped)}")
    failed = [e.step_key for e in result.all_events if e.event_type_value == "STEP_FAILURE"]
    if failed:
        steps = ", ".join(failed)
        print(f"error: step(s) failed: {steps} (causes above; full log {console.log_file})", file=sys.stderr)
