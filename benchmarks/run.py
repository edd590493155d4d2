"""`omnichannel bench`: time and peak memory of every pipeline stage, with reference measurements.

Every stage runs as its own process (`python -m benchmarks.stage`); the harness waits for it with
`os.wait4` and reads its wall time and peak RSS (`ru_maxrss`, KiB on Linux, covering the stage and
the processes it waited for, e.g. dbt). Layout under `--workdir` (default $OMNI_DATA_DIR/bench/<scale>,
i.e. data/bench/<scale>):

    sim/landing, sim/answer_key     the simulation (all days)
    run/...                         the warehouse built from all days but the last, then the last day
    ref/...                         reference measurements (bare read_csv, bare SQL)

Sequence (see benchmarks/results/README.md for the method):
 1. simulate the scale (fixed seed and start);
 2. full build: ingest every export but the last day's, `dbt build --full-refresh`, every quality
    suite, publish;
 3. references: DuckDB's bare `read_csv(all_varchar=true)` vs ingestion over the same UTF-8 CSV files
    (and GB18030 CSVs: decode cost); a pandas script and dlt over the same UTF-8 CSV files; dbt's
    compiled SQL executed directly on a copy of the warehouse;
 4. daily increment: add the last day's exports, ingest, `dbt build` (incremental), checks, publish.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.split import files_by_day
from omnichannel_config import load_settings
from orchestration.dbt.build_args import build_args

ROOT = Path(__file__).resolve().parents[1]
RESULTS_DIR = Path(__file__).resolve().parent / "results"
DEFAULT_SEED = 20261122
DEFAULT_START = {"tiny": "2025-10-20", "demo": "2024-01-01", "large": "2023-01-01"}
GIB = 1024**3


@dataclass
class Options:
    scale: str = "large"
    workdir: Path | None = None
    seed: int = DEFAULT_SEED
    start: str | None = None
    days: int | None = None
    memory_limit: str = "4GB"
    duckdb_threads: int = field(default_factory=lambda: len(os.sched_getaffinity(0)))
    dbt_threads: int = 4
    reuse_simulation: bool = False
    results_dir: Path = RESULTS_DIR


@dataclass
class StageResult:
    name: str
    seconds: float
    peak_rss_kib: int
    figures: dict

    def as_dict(self) -> dict:
        return {
            "seconds": round(self.seconds, 2),
            "peak_rss_mib": round(self.peak_rss_kib / 1024, 1),
            **self.figures,
        }


# --- machine ---------------------------------------------------------------------------------------


def describe_machine() -> dict:
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    total_kib = next(
        (int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")), 0
    )
    cpu = ""
    if Path("/proc/cpuinfo").exists():
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    versions = {"python": platform.python_version()}
    try:
        import duckdb

        versions["duckdb"] = duckdb.__version__
    except ImportError:  # pragma: no cover
        pass
    try:
        from dbt.version import __version__ as dbt_version

        versions["dbt_core"] = dbt_version
        from dbt.adapters.duckdb.__version__ import version as dbt_duckdb_version

        versions["dbt_duckdb"] = dbt_duckdb_version
    except ImportError:  # pragma: no cover
        pass
    return {
        "cores": len(os.sched_getaffinity(0)),
        "cpu": cpu or platform.processor(),
        "memory_gib": round(total_kib / 1024**2, 1),
        "os": f"{platform.system()} {platform.release()}",
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        **versions,
    }


# --- running a stage --------------------------------------------------------------------------------


def run_stage(name: str, kind: str, spec: dict, workdir: Path, log=print) -> StageResult:
    """Run `python -m benchmarks.stage kind` in its own process; wall time and peak RSS via wait4."""
    specs = workdir / "specs"
    specs.mkdir(parents=True, exist_ok=True)
    spec_path = specs / f"{name}.json"
    spec_path.write_text(json.dumps(spec, default=str, indent=1), encoding="utf-8")
    out_path, err_path = specs / f"{name}.stdout", specs / f"{name}.stderr"
    log(f"[bench] {name} ...")
    with out_path.open("wb") as out, err_path.open("wb") as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks.stage", kind, str(spec_path)],
            cwd=ROOT,
            stdout=out,
            stderr=err,
        )
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        tail = err_path.read_text(encoding="utf-8", errors="replace")[-3000:]
        raise RuntimeError(f"stage {name} failed (exit {proc.returncode}):\n{tail}")
    lines = out_path.read_text(encoding="utf-8").strip().splitlines()
    figures = json.loads(lines[-1]) if lines else {}
    result = StageResult(name, seconds, int(usage.ru_maxrss), figures)
    log(f"[bench] {name}: {seconds:.1f} s, peak RSS {usage.ru_maxrss / 1024:.0f} MiB")
    return result


# --- helpers -----------------------------------------------------------------------------------------


def _link_files(paths: list[str], source: Path, target: Path) -> None:
    for rel in paths:
        dest = target / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.exists():
            continue
        try:
            os.link(source / rel, dest)
        except OSError:
            shutil.copy2(source / rel, dest)


def _file_kinds(answer_key: Path) -> dict[str, tuple[str, str]]:
    import duckdb

    with duckdb.connect() as con:
        rows = con.execute(
            "select path, encoding, file_type from read_parquet(?)", [str(answer_key / "files.parquet")]
        ).fetchall()
    return {path: (encoding, file_type) for path, encoding, file_type in rows}


def _dbt_spec(opts: Options, run: Path, args: list[str], label: str) -> dict:
    return {
        "warehouse": str(run / "warehouse" / "warehouse.duckdb"),
        # one target folder for every build, as a deployment keeps it (dbt's partial parsing)
        "target": str(run / "dbt" / "target"),
        "logs": str(run / "dbt" / "logs" / label),
        "args": args,
        **_duck(opts, run),
    }


def _duck(opts: Options, base: Path) -> dict:
    tmp = base / "duckdb_tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    return {
        "memory_limit": opts.memory_limit,
        "duckdb_threads": opts.duckdb_threads,
        "dbt_threads": opts.dbt_threads,
        "temp_dir": str(tmp),
    }


def bare_sql_plan(target: Path) -> list[dict]:
    """The SQL of every model (as `create or replace table/view`) and data test that the build ran,
    models in DAG order, then the tests."""
    manifest = json.loads((target / "manifest.json").read_text(encoding="utf-8"))
    results = json.loads((target / "run_results.json").read_text(encoding="utf-8"))
    ran = {r["unique_id"] for r in results["results"] if r["status"] in ("success", "pass")}
    nodes = manifest["nodes"]

    def code(node: dict) -> str:
        if node.get("compiled_code"):
            return node["compiled_code"]
        return (target.parent / node["compiled_path"]).read_text(encoding="utf-8")

    models = [uid for uid in nodes if uid.startswith("model.") and uid in ran]
    order: list[str] = []
    seen: set[str] = set()

    def visit(uid: str) -> None:
        if uid in seen:
            return
        seen.add(uid)
        for dep in nodes[uid]["depends_on"]["nodes"]:
            if dep in nodes and dep.startswith("model.") and dep in ran:
                visit(dep)
        order.append(uid)

    for uid in sorted(models):
        visit(uid)
    plan = []
    for uid in order:
        node = nodes[uid]
        kind = "view" if node["config"]["materialized"] == "view" else "table"
        sql = f"create or replace {kind} {node['relation_name']} as (\n{code(node)}\n)"
        plan.append({"kind": "model", "id": uid, "sql": sql})
    for uid in sorted(uid for uid in nodes if uid.startswith("test.") and uid in ran):
        plan.append({"kind": "test", "id": uid, "sql": code(nodes[uid])})
    return plan


# --- the benchmark -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Layout:
    """Where one benchmark run works: the simulation (kept between runs), the measured pipeline run,
    the reference measurements and the stage specs."""

    work: Path
    sim: Path
    run: Path
    ref: Path

    @classmethod
    def under(cls, work: Path) -> _Layout:
        return cls(work, work / "sim", work / "run", work / "ref")


def run_benchmark(opts: Options, log=print) -> dict:
    data_dir = load_settings().paths.data_dir
    where = _Layout.under((opts.workdir or data_dir / "bench" / opts.scale).absolute())
    for folder in (where.run, where.ref, where.work / "specs"):
        shutil.rmtree(folder, ignore_errors=True)
    where.work.mkdir(parents=True, exist_ok=True)
    machine = describe_machine()
    t_all = time.perf_counter()
    stages: dict[str, StageResult] = {"simulate": _simulate(opts, where, log)}
    answer_key = where.sim / "answer_key"
    by_day = files_by_day(answer_key)
    days = sorted(by_day)
    history_days, last_day = days[:-1], days[-1]
    history_files = [p for d in history_days for p in by_day[d]]
    ingest_spec, quality_spec, publish_spec, full_dbt = _full_build(
        opts, where, history_files, history_days, stages, log
    )
    _dbt_against_bare_sql(opts, where, full_dbt, ingest_spec["warehouse"], stages, log)
    _ingestion_against_read_csv(opts, where, history_files, _file_kinds(answer_key), stages, log)
    _daily_increment(
        opts, where, by_day[last_day], last_day, (ingest_spec, quality_spec, publish_spec), stages, log
    )
    results = summarise(
        opts, machine, stages, time.perf_counter() - t_all, history_days, last_day, where.work
    )
    write_results(results, opts.results_dir)
    return results


def _simulate(opts: Options, where: _Layout, log) -> StageResult:
    """1. The simulation, reused when the same one is already on disk (it is the slowest stage and
    not what is measured)."""
    spec = {
        "scale": opts.scale,
        "seed": opts.seed,
        "start": opts.start or DEFAULT_START.get(opts.scale),
        "days": opts.days,
        "out": str(where.sim / "landing"),
        "answer_key": str(where.sim / "answer_key"),
    }
    stamp = where.sim / "simulation.json"
    if opts.reuse_simulation and stamp.exists() and json.loads(stamp.read_text())["spec"] == spec:
        log("[bench] simulate: reusing the simulation in " + str(where.sim))
        prior = json.loads(stamp.read_text())["result"]
        result = StageResult("simulate", prior["seconds"], prior["peak_rss_kib"], prior["figures"])
        result.figures["reused"] = True
        return result
    shutil.rmtree(where.sim, ignore_errors=True)
    result = run_stage("simulate", "simulate", spec, where.work, log)
    figures = {"seconds": result.seconds, "peak_rss_kib": result.peak_rss_kib, "figures": result.figures}
    stamp.write_text(json.dumps({"spec": spec, "result": figures}))
    return result


def _full_build(
    opts, where: _Layout, history_files, history_days, stages, log
) -> tuple[dict, dict, dict, dict]:
    """2. The full build of the history: ingest, dbt build --full-refresh, gates, publish."""
    landing = where.run / "landing"
    _link_files(history_files, where.sim / "landing", landing)
    ingest_spec = {
        "landing": str(landing),
        "warehouse": str(where.run / "warehouse" / "warehouse.duckdb"),
        "quarantine": str(where.run / "quarantine"),
        **_duck(opts, where.run),
    }
    (where.run / "warehouse").mkdir(parents=True, exist_ok=True)
    stages["ingest"] = run_stage("ingest", "ingest", ingest_spec, where.work, log)
    full_dbt = _dbt_spec(opts, where.run, [*build_args(), "--full-refresh"], "full")
    stages["dbt_build"] = run_stage("dbt_build", "dbt", full_dbt, where.work, log)
    quality_spec = {
        "warehouse": ingest_spec["warehouse"],
        "docs_root": str(where.run / "quality"),
        "as_of": (history_days[-1] + dt.timedelta(days=1)).isoformat(),
    }
    stages["quality"] = run_stage("quality", "quality", quality_spec, where.work, log)
    publish_spec = {
        "warehouse": ingest_spec["warehouse"],
        "published": str(where.run / "published" / "warehouse.duckdb"),
        "run_id": "bench-full",
        "checks_passed": _passed(stages["quality"]),
        "data_through": history_days[-1].isoformat(),
    }
    stages["publish"] = run_stage("publish", "publish", publish_spec, where.work, log)
    return ingest_spec, quality_spec, publish_spec, full_dbt


def _passed(quality: StageResult) -> list[str]:
    return [n for n, s in quality.figures["suites"].items() if s["blocking_failures"] == 0]


def _dbt_against_bare_sql(opts, where: _Layout, full_dbt: dict, warehouse: str, stages, log) -> None:
    """3a. dbt against the same SQL run bare, on a copy of the built warehouse (same file name: the
    database name the compiled SQL uses)."""
    plan = bare_sql_plan(Path(full_dbt["target"]))
    (where.ref / "sql").mkdir(parents=True, exist_ok=True)
    plan_path = where.ref / "sql" / "plan.json"
    plan_path.write_text(json.dumps(plan), encoding="utf-8")
    bare_wh = where.ref / "sql" / "warehouse.duckdb"
    shutil.copy2(warehouse, bare_wh)
    spec = {"plan": str(plan_path), "warehouse": str(bare_wh), **_duck(opts, where.ref / "sql")}
    stages["ref_bare_sql"] = run_stage("ref_bare_sql", "bare_sql", spec, where.work, log)
    bare_wh.unlink()


def _ingestion_against_read_csv(opts, where: _Layout, history_files, kinds, stages, log) -> None:
    """3b. Ingestion against a bare read_csv of the same UTF-8 CSV files, and the GB18030 decode cost."""
    utf8 = [
        p for p in history_files if kinds.get(p, ("", ""))[1] == "csv" and kinds[p][0].startswith("utf-8")
    ]
    gb = [p for p in history_files if kinds.get(p, ("", ""))[1] == "csv" and kinds[p][0] == "gb18030"]
    for label, subset in (("utf8", utf8), ("gb18030", gb)):
        if not subset:
            continue
        base = where.ref / f"csv_{label}"
        _link_files(subset, where.sim / "landing", base / "landing")
        nbytes = sum((where.sim / "landing" / p).stat().st_size for p in subset)
        spec = {
            "landing": str(base / "landing"),
            "warehouse": str(base / "warehouse.duckdb"),
            "quarantine": str(base / "quarantine"),
            **_duck(opts, base),
        }
        stages[f"ref_ingest_{label}"] = run_stage(f"ref_ingest_{label}", "ingest", spec, where.work, log)
        stages[f"ref_ingest_{label}"].figures["bytes"] = nbytes
        files = [str(base / "landing" / p) for p in subset]
        if label == "gb18030":
            spec = {"files": files, "root": str(base / "landing"), "out": str(base / "utf8")}
            stages["ref_decode_gb18030"] = run_stage("ref_decode_gb18030", "transcode", spec, where.work, log)
            files = [str(base / "utf8" / p) for p in subset]
        spec = {"files": files, "database": str(base / "bare.duckdb"), **_duck(opts, base)}
        stages[f"ref_read_csv_{label}"] = run_stage(
            f"ref_read_csv_{label}", "bare_read_csv", spec, where.work, log
        )
        stages[f"ref_read_csv_{label}"].figures["bytes"] = nbytes
        if label == "utf8":
            _alternatives(where, base, files, nbytes, stages, log)
        shutil.rmtree(base, ignore_errors=True)


def _alternatives(where: _Layout, base: Path, files: list[str], nbytes: int, stages, log) -> None:
    """3c. What users would pick instead, on the same UTF-8 CSV files: a pandas script and dlt
    (`benchmarks/alternatives.py`). The dlt stage reports it is not installed rather than vanish."""
    root = str(base / "landing")
    spec = {"files": files, "root": root, "database": str(base / "pandas.duckdb")}
    stages["ref_pandas_utf8"] = run_stage("ref_pandas_utf8", "pandas_script", spec, where.work, log)
    spec = {
        "files": files,
        "root": root,
        "database": str(base / "dlt.duckdb"),
        "pipelines_dir": str(base / "dlt_pipelines"),
    }
    stages["ref_dlt_utf8"] = run_stage("ref_dlt_utf8", "dlt_pipeline", spec, where.work, log)
    for name in ("ref_pandas_utf8", "ref_dlt_utf8"):
        stages[name].figures["bytes"] = nbytes


def _daily_increment(opts, where: _Layout, day_files, last_day, specs, stages, log) -> None:
    """4. The daily increment: the last day's exports on top of the history."""
    ingest_spec, quality_spec, publish_spec = specs
    _link_files(day_files, where.sim / "landing", where.run / "landing")
    stages["inc_ingest"] = run_stage("inc_ingest", "ingest", ingest_spec, where.work, log)
    inc_dbt = _dbt_spec(opts, where.run, build_args(), "incremental")
    stages["inc_dbt_build"] = run_stage("inc_dbt_build", "dbt", inc_dbt, where.work, log)
    quality = {**quality_spec, "as_of": (last_day + dt.timedelta(days=1)).isoformat()}
    stages["inc_quality"] = run_stage("inc_quality", "quality", quality, where.work, log)
    publish = {
        **publish_spec,
        "run_id": "bench-increment",
        "checks_passed": _passed(stages["inc_quality"]),
        "data_through": str(last_day),
    }
    stages["inc_publish"] = run_stage("inc_publish", "publish", publish, where.work, log)


# --- summary -----------------------------------------------------------------------------------------

FULL = ("ingest", "dbt_build", "quality", "publish")
INCREMENT = ("inc_ingest", "inc_dbt_build", "inc_quality", "inc_publish")


def summarise(
    opts: Options,
    machine: dict,
    stages: dict[str, StageResult],
    wall: float,
    history_days: list[dt.date],
    last_day: dt.date,
    work: Path,
) -> dict:
    s = stages
    full_seconds = sum(s[n].seconds for n in FULL)
    full_rss = max(s[n].peak_rss_kib for n in FULL) / 1024**2
    inc_seconds = sum(s[n].seconds for n in INCREMENT)
    inc_rss = max(s[n].peak_rss_kib for n in INCREMENT) / 1024**2
    all_rss = max(r.peak_rss_kib for r in s.values()) / 1024**2
    ratios: dict[str, float | None] = {}
    targets = []

    def inner(name: str) -> float:
        return float(s[name].figures.get("inner_seconds") or s[name].seconds)

    if "ref_ingest_utf8" in s:
        mb = s["ref_ingest_utf8"].figures["bytes"] / 1e6
        ingest_mbps, bare_mbps = mb / inner("ref_ingest_utf8"), mb / inner("ref_read_csv_utf8")
        ratios["ingest_vs_read_csv_utf8"] = ingest_mbps / bare_mbps
        targets.append(
            _target(
                "Ingestion ≥ 50% of bare read_csv throughput (UTF-8 CSV)",
                f"{ingest_mbps:.1f} vs {bare_mbps:.1f} MB/s = {100 * ratios['ingest_vs_read_csv_utf8']:.0f}%",
                ratios["ingest_vs_read_csv_utf8"] >= 0.5,
            )
        )
    if "ref_pandas_utf8" in s:
        mb = s["ref_ingest_utf8"].figures["bytes"] / 1e6
        ours = mb / inner("ref_ingest_utf8")
        pandas_mbps = mb / inner("ref_pandas_utf8")
        ratios["ingest_vs_pandas_utf8"] = ours / pandas_mbps
        targets.append(
            _target(
                "Ingestion ≥ 5× the throughput of a pandas script (UTF-8 CSV)",
                f"{ours:.1f} vs {pandas_mbps:.1f} MB/s = {ratios['ingest_vs_pandas_utf8']:.2f}×",
                ratios["ingest_vs_pandas_utf8"] >= 5,
            )
        )
        if "skipped" in s["ref_dlt_utf8"].figures:
            ratios["ingest_vs_dlt_utf8"] = None
        else:
            ratios["ingest_vs_dlt_utf8"] = ours / (mb / inner("ref_dlt_utf8"))
    if "ref_ingest_gb18030" in s:
        mb = s["ref_ingest_gb18030"].figures["bytes"] / 1e6
        ratios["ingest_vs_decode_plus_read_csv_gb18030"] = (
            inner("ref_decode_gb18030") + inner("ref_read_csv_gb18030")
        ) / inner("ref_ingest_gb18030")
        ratios["gb18030_decode_mbps"] = mb / inner("ref_decode_gb18030")
    targets.append(
        _target(
            "Full build (ingest → publish) < 10 min",
            f"{full_seconds / 60:.1f} min",
            full_seconds < 600,
        )
    )
    targets.append(_target("Full-build peak RSS < 6 GB", f"{full_rss:.2f} GiB (full build)", full_rss < 6))
    ratios["increment_vs_full"] = inc_seconds / full_seconds
    targets.append(
        _target(
            "Daily increment < 10% of the full build",
            f"{inc_seconds:.0f} s vs {full_seconds:.0f} s = {100 * ratios['increment_vs_full']:.1f}%",
            ratios["increment_vs_full"] < 0.10,
        )
    )
    bare = s["ref_bare_sql"].figures
    bare_total = bare["model_seconds"] + bare["test_seconds"]
    ratios["dbt_build_vs_bare_sql"] = s["dbt_build"].seconds / bare_total
    ratios["dbt_models_vs_bare_models"] = (
        s["dbt_build"].figures["node_seconds"].get("model", 0.0) / bare["model_seconds"]
        if bare["model_seconds"]
        else None
    )
    targets.append(
        _target(
            "dbt build ≤ 1.5× the bare SQL (models + data tests)",
            f"{s['dbt_build'].seconds:.0f} s vs {bare_total:.0f} s = {ratios['dbt_build_vs_bare_sql']:.2f}×",
            ratios["dbt_build_vs_bare_sql"] <= 1.5,
        )
    )
    return {
        "generated_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "scale": opts.scale,
        "seed": opts.seed,
        "machine": machine,
        "settings": {
            "duckdb_memory_limit": opts.memory_limit,
            "duckdb_threads": opts.duckdb_threads,
            "dbt_threads": opts.dbt_threads,
            "temp_directory": str(work / "run" / "duckdb_tmp"),
        },
        "simulation": {
            **s["simulate"].figures,
            "history_days": len(history_days),
            "history_through": history_days[-1].isoformat(),
            "increment_day": last_day.isoformat(),
        },
        "stages": {name: r.as_dict() for name, r in s.items()},
        "totals": {
            "full_build_seconds": round(full_seconds, 1),
            "full_build_peak_rss_gib": round(full_rss, 2),
            "increment_seconds": round(inc_seconds, 1),
            "increment_peak_rss_gib": round(inc_rss, 2),
            "bench_wall_seconds": round(wall, 1),
            "peak_rss_any_stage_gib": round(all_rss, 2),
        },
        "ratios": {k: (round(v, 3) if v is not None else None) for k, v in ratios.items()},
        "targets": targets,
    }


def _target(name: str, measured: str, met: bool) -> dict:
    return {"target": name, "measured": measured, "met": bool(met)}


STAGE_LABELS = {
    "simulate": "simulate",
    "ingest": "ingest (history)",
    "dbt_build": "dbt build --full-refresh",
    "quality": "quality checks (GX suites)",
    "publish": "publish",
    "inc_ingest": "increment: ingest one day",
    "inc_dbt_build": "increment: dbt build (incremental)",
    "inc_quality": "increment: quality checks",
    "inc_publish": "increment: publish",
    "ref_bare_sql": "ref: compiled SQL in one DuckDB connection",
    "ref_ingest_utf8": "ref: ingest UTF-8 CSVs only",
    "ref_read_csv_utf8": "ref: bare read_csv, same UTF-8 CSVs",
    "ref_pandas_utf8": "ref: pandas script, same UTF-8 CSVs",
    "ref_dlt_utf8": "ref: dlt filesystem → duckdb, same UTF-8 CSVs",
    "ref_ingest_gb18030": "ref: ingest GB18030 CSVs only",
    "ref_decode_gb18030": "ref: decode GB18030 → UTF-8 (Python)",
    "ref_read_csv_gb18030": "ref: bare read_csv of the decoded files",
}


def to_markdown(results: dict) -> str:
    m, sim, tot = results["machine"], results["simulation"], results["totals"]
    lines = [
        f"## `omnichannel bench --scale {results['scale']}` — {results['generated_at']}",
        "",
        f"Machine: {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB RAM, {m['os']}; "
        f"Python {m.get('python')}, DuckDB {m.get('duckdb')}, dbt-core {m.get('dbt_core')}, "
        f"dbt-duckdb {m.get('dbt_duckdb')}; load average at start {m['load_average_at_start']}. "
        f"DuckDB memory_limit {results['settings']['duckdb_memory_limit']}, "
        f"threads {results['settings']['duckdb_threads']}, dbt threads {results['settings']['dbt_threads']}.",
        "",
        f"Data: {sim.get('order_lines', '?'):,} order lines, {sim.get('orders', '?'):,} orders, "
        f"{sim.get('files', '?'):,} files, {sim.get('start')} … {sim.get('end')}; full build = first "
        f"{sim['history_days']} days, increment = {sim['increment_day']}.",
        "",
        "| stage | wall s | peak RSS MiB |",
        "|---|---:|---:|",
    ]
    for name, r in results["stages"].items():
        label = STAGE_LABELS.get(name, name)
        if r.get("reused"):
            label += " (reused)"
        lines.append(f"| {label} | {r['seconds']:.1f} | {r['peak_rss_mib']:.0f} |")
    lines += [
        f"| **full build: ingest → publish** | **{tot['full_build_seconds']:.1f}** | "
        f"**{tot['full_build_peak_rss_gib'] * 1024:.0f}** |",
        f"| **daily increment: ingest → publish** | **{tot['increment_seconds']:.1f}** | "
        f"**{tot['increment_peak_rss_gib'] * 1024:.0f}** |",
        "",
        "| target | measured | met |",
        "|---|---|---|",
    ]
    for t in results["targets"]:
        lines.append(f"| {t['target']} | {t['measured']} | {'yes' if t['met'] else '**no**'} |")
    lines += ["", *alternatives_table(results), ""]
    return "\n".join(lines)


def alternatives_table(results: dict) -> list[str]:
    """Ingestion against what users would pick instead, on the same UTF-8 CSV files."""
    st = results["stages"]
    if "ref_pandas_utf8" not in st:
        return []
    mb = st["ref_ingest_utf8"]["bytes"] / 1e6
    lines = [
        f"Same UTF-8 CSV files ({st['ref_ingest_utf8'].get('files', '?'):,} files, {mb:.1f} MB), "
        "time inside each stage's process:",
        "",
        "| loader | rows loaded | s | MB/s | ours ÷ theirs (MB/s) |",
        "|---|---:|---:|---:|---:|",
    ]
    ours_s = st["ref_ingest_utf8"].get("inner_seconds") or st["ref_ingest_utf8"]["seconds"]
    lines.append(
        f"| our ingestion | {st['ref_ingest_utf8'].get('rows_loaded', 0):,} | {ours_s:.1f} | "
        f"{mb / ours_s:.1f} | 1.00× |"
    )
    for name, label in (("ref_pandas_utf8", "pandas script"), ("ref_dlt_utf8", "dlt")):
        r = st[name]
        if "skipped" in r:
            lines.append(f"| {label} | {r['skipped']} | | | |")
            continue
        secs = r.get("inner_seconds") or r["seconds"]
        lines.append(
            f"| {label} | {r['rows']:,} | {secs:.1f} | {mb / secs:.1f} | {(mb / ours_s) / (mb / secs):.2f}× |"
        )
    return lines


def write_results(results: dict, results_dir: Path) -> None:
    results_dir.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=2, default=str)
    md = to_markdown(results)
    for stem in ("latest", f"latest-{results['scale']}"):
        (results_dir / f"{stem}.json").write_text(text + "\n", encoding="utf-8")
        (results_dir / f"{stem}.md").write_text(md, encoding="utf-8")
