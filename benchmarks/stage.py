"""One benchmark stage, run as its own process: `python -m benchmarks.stage NAME SPEC_JSON`.

The harness (benchmarks/run.py) starts every stage in a fresh interpreter and measures its wall time
and peak RSS with `os.wait4`, so one stage's memory never counts against another. A stage prints one
JSON object (its own figures: rows, bytes, per-statement times) on the last line of stdout.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from benchmarks.alternatives import dlt_pipeline, pandas_script
from omnichannel_config import DuckDBSettings, Settings, exported

DBT_PROJECT = Path(__file__).resolve().parents[1] / "dbt_project"


def _settings(con: duckdb.DuckDBPyConnection, spec: dict) -> None:
    """The same DuckDB settings dbt's profile applies (memory limit, threads, temp folder, zone)."""
    con.execute(f"set memory_limit = '{spec['memory_limit']}'")
    con.execute(f"set threads = {int(spec['duckdb_threads'])}")
    con.execute(f"set temp_directory = '{spec['temp_dir']}'")
    con.execute("set TimeZone = 'Asia/Shanghai'")


def simulate(spec: dict) -> dict:
    from simulator.api import simulate as run

    result = run(
        spec["scale"],
        spec["seed"],
        spec["out"],
        spec["answer_key"],
        start=spec.get("start"),
        days=spec.get("days"),
        workers=spec.get("workers"),
    )
    return {
        "files": result.files,
        "order_lines": result.order_lines,
        "orders": result.orders,
        "start": result.start.isoformat(),
        "end": result.end.isoformat(),
    }


def ingest(spec: dict) -> dict:
    from ingestion.load import ingest as run

    # the same DuckDB settings as the dbt stage's profile gets
    duckdb_settings = (
        DuckDBSettings(spec["memory_limit"], str(spec["duckdb_threads"]), spec["temp_dir"])
        if "memory_limit" in spec
        else None
    )
    report = run(
        Path(spec["landing"]),
        Path(spec["warehouse"]),
        Path(spec["quarantine"]),
        duckdb_settings=duckdb_settings,
    )
    files = getattr(report, "files", None) or []
    statuses: dict[str, int] = {}
    rows = 0
    for f in files:
        status = str(getattr(f, "status", "?"))
        statuses[status] = statuses.get(status, 0) + 1
        rows += int(getattr(f, "rows_loaded", 0) or 0)
    return {"files": len(files), "statuses": statuses, "rows_loaded": rows}


def dbt(spec: dict) -> dict:
    settings = Settings.from_env(
        {
            "OMNI_WAREHOUSE": spec["warehouse"],
            "OMNI_DUCKDB_MEMORY_LIMIT": spec["memory_limit"],
            "OMNI_DUCKDB_THREADS": str(spec["duckdb_threads"]),
            "OMNI_DBT_THREADS": str(spec["dbt_threads"]),
            "OMNI_DUCKDB_TEMP_DIR": spec["temp_dir"],
        }
    )
    variables = {
        **settings.dbt_env(),  # what dbt's profile reads
        "DBT_TARGET_PATH": spec["target"],
        "DBT_LOG_PATH": spec["logs"],
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    cmd = [str(Path(sys.executable).parent / "dbt"), *spec["args"], "--profiles-dir", str(DBT_PROJECT)]
    # dbt runs in a child of this stage; the rusage wait4 returns to the harness covers the stage and
    # its waited-for descendants (Linux: ru_maxrss = max of the process and its children).
    with exported(variables):
        proc = subprocess.run(cmd, cwd=DBT_PROJECT, capture_output=True, text=True, check=False)
    Path(spec["logs"]).mkdir(parents=True, exist_ok=True)
    (Path(spec["logs"]) / "bench_dbt_output.txt").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    if proc.returncode != 0:
        tail = (proc.stdout + proc.stderr)[-3000:]
        raise RuntimeError(f"dbt {' '.join(spec['args'])} failed:\n{tail}")
    results = json.loads((Path(spec["target"]) / "run_results.json").read_text(encoding="utf-8"))
    by_type: dict[str, float] = {}
    counts: dict[str, int] = {}
    for r in results["results"]:
        kind = r["unique_id"].split(".")[0]
        by_type[kind] = by_type.get(kind, 0.0) + float(r["execution_time"])
        counts[kind] = counts.get(kind, 0) + 1
    return {
        "elapsed": results.get("elapsed_time"),
        "node_seconds": {k: round(v, 2) for k, v in by_type.items()},
        "nodes": counts,
    }


def quality(spec: dict) -> dict:
    from orchestration.quality.gx_runner import load_suites, run_suite

    as_of = dt.date.fromisoformat(spec["as_of"])
    suites = {}
    for suite in load_suites():
        t0 = time.perf_counter()
        result = run_suite(suite, Path(spec["warehouse"]), Path(spec["docs_root"]), as_of)
        suites[suite.name] = {
            "rows": result.rows,
            "blocking_failures": len(result.blocking_failures),
            "warnings": len(result.warnings),
            "seconds": round(time.perf_counter() - t0, 2),
        }
    return {"suites": suites, "passed": all(s["blocking_failures"] == 0 for s in suites.values())}


def publish(spec: dict) -> dict:
    from orchestration.publish.publisher import publish as run

    pub = run(
        Path(spec["warehouse"]),
        Path(spec["published"]),
        run_id=spec["run_id"],
        checks_passed=spec.get("checks_passed", ()),
        data_through=dt.date.fromisoformat(spec["data_through"]) if spec.get("data_through") else None,
    )
    return {"tables": len(pub.tables), "rows": sum(pub.tables.values())}


def bare_read_csv(spec: dict) -> dict:
    """DuckDB's own CSV reader over the same files, every value text, into a scratch database.

    The files of one folder (one export type) are read by one `read_csv` call over the list, the
    fastest way DuckDB reads many files; a folder whose files do not share a layout is read file by
    file. No header detection (`header = false`, every row kept as text), short rows padded.
    """
    groups: dict[str, list[str]] = {}
    for path in spec["files"]:
        groups.setdefault(str(Path(path).parent), []).append(str(path))
    con = duckdb.connect(spec["database"])
    _settings(con, spec)
    options = "all_varchar = true, header = false, null_padding = true, strict_mode = false"
    rows = failed = per_file_groups = 0
    for i, files in enumerate(groups.values()):
        try:
            con.execute(f"create or replace table g{i} as select * from read_csv(?, {options})", [files])
            rows += con.execute(f"select count(*) from g{i}").fetchone()[0]
            continue
        except duckdb.Error:
            per_file_groups += 1
        for j, path in enumerate(files):
            try:
                con.execute(
                    f"create or replace table g{i}_{j} as select * from read_csv(?, {options})", [path]
                )
                rows += con.execute(f"select count(*) from g{i}_{j}").fetchone()[0]
            except duckdb.Error:
                failed += 1
    con.close()
    return {"files": len(spec["files"]), "rows": rows, "failed": failed, "per_file_groups": per_file_groups}


def transcode(spec: dict) -> dict:
    """Decode GB18030 files to UTF-8 (the cost DuckDB's reader does not pay on UTF-8 files)."""
    out, root = Path(spec["out"]), Path(spec["root"])
    nbytes = 0
    for path in spec["files"]:
        data = Path(path).read_bytes()
        nbytes += len(data)
        target = out / Path(path).relative_to(root)  # same folders: one export type per folder
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(data.decode("gb18030"), encoding="utf-8")
    return {"files": len(spec["files"]), "bytes": nbytes}


def bare_sql(spec: dict) -> dict:
    """Execute dbt's compiled SQL directly, in DAG order, in one DuckDB connection."""
    plan = json.loads(Path(spec["plan"]).read_text(encoding="utf-8"))
    con = duckdb.connect(spec["warehouse"])
    _settings(con, spec)
    times: dict[str, float] = {"model": 0.0, "test": 0.0}
    failing_tests = 0
    for step in plan:
        t0 = time.perf_counter()
        if step["kind"] == "model":
            con.execute(step["sql"])
        else:
            failing_tests += int(con.execute(f"select count(*) from ({step['sql']}) t").fetchone()[0] > 0)
        times[step["kind"]] += time.perf_counter() - t0
    con.close()
    return {
        "model_seconds": round(times["model"], 2),
        "test_seconds": round(times["test"], 2),
        "models": sum(s["kind"] == "model" for s in plan),
        "tests": sum(s["kind"] == "test" for s in plan),
        "failing_tests": failing_tests,
    }


STAGES = {
    "simulate": simulate,
    "ingest": ingest,
    "dbt": dbt,
    "quality": quality,
    "publish": publish,
    "bare_read_csv": bare_read_csv,
    "transcode": transcode,
    "bare_sql": bare_sql,
    "pandas_script": pandas_script,
    "dlt_pipeline": dlt_pipeline,
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    name, spec_path = argv
    spec = json.loads(Path(spec_path).read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    figures = STAGES[name](spec)
    figures["inner_seconds"] = round(time.perf_counter() - t0, 3)
    print(json.dumps(figures, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
