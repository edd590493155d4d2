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
    import dagster as dg

    from ingestion.run_lock import RunLockHeld, lead_own_process_group, run_lock
    from orchestration.dbt.project import prepare_manifest
    from orchestration.resources import WarehouseResource

    prepare_manifest()  # before the definitions read it
    from orchestration.definitions import defs
    from orchestration.quality import coverage
    from orchestration.quality.gx_runner import data_docs_index

    settings = WarehouseResource().settings()
    paths = settings.paths
    instance = None
    if settings.dagster_home is not None:  # the instance `make dev`'s UI shows
        settings.dagster_home.mkdir(parents=True, exist_ok=True)
        instance = dg.DagsterInstance.get()
    job = defs.resolve_job_def(args.job)
    # The run and the dbt it starts form one process group: killed, the next run stops what is left.
    lead_own_process_group()
    # SIGTERM (a scheduler stopping the run) ends it like Ctrl-C, so Dagster stops dbt on the way out.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        with run_lock(paths.warehouse, f"omnichannel run --job {args.job}"):
            result = job.execute_in_process(instance=instance, raise_on_error=False)
    except RunLockHeld as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 3
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
    print(f"{args.job}: {'succeeded' if result.success else 'FAILED'}, run {result.run_id}")
    print(f"  assets materialized: {len(materialized)}")
    print(f"  warehouse (build file, one writer): {paths.warehouse}")
    published = "published/warehouse" in materialized
    print(f"  published for BI (read-only):     {paths.published}{'' if published else '  (not updated)'}")
    for check in failed_checks:
        print(f"  check {check}")
    if any(coverage.RECONCILIATION_TEST in check for check in failed_checks):
        for message in coverage.reconciliation_failures(paths.warehouse):
            print(f"    lost: {message}")
    print(f"  quality report: {data_docs_index(paths.reports_dir / 'quality')}")
    table = coverage.read_coverage(paths.warehouse) if paths.warehouse.exists() else None
    if table is not None:
        print(f"  coverage of the exports: {coverage.write_report(table, paths.reports_dir)}")
        for line in coverage.summary_lines(table):
            print(f"    {line}")
    if not result.success:
        for event in result.all_events:
            if event.is_failure:
                print(f"  failure: {event.message}", file=sys.stderr)
        return 1
    return 0
