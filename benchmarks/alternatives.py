"""What a user would write instead of our ingestion: a pandas script and a dlt pipeline.

Both stages load the same UTF-8 CSV exports as the "ingestion vs bare read_csv" reference, one
table per export type (the file's folder, e.g. `pdd/orders`), every value as text. Neither does
what ingestion does besides loading (see benchmarks/results/README.md): no header recognition or
mapping, no trimming of tab-prefixed ids, no total-row detection, no quarantine, no lineage or
manifest, no dedupe of a file loaded twice.
"""

from __future__ import annotations

from pathlib import Path

from omnichannel_config import exported

DLT_MISSING = "dlt not installed (pip install -e '.[bench]')"


def export_groups(files: list[str], root: str) -> dict[str, list[str]]:
    """Files by export-type folder relative to `root` (`pdd/orders`), in name order."""
    groups: dict[str, list[str]] = {}
    for path in sorted(files):
        folder = Path(path).parent.relative_to(root).as_posix()
        groups.setdefault(folder, []).append(path)
    return groups


def table_name(folder: str) -> str:
    return folder.replace("/", "__")


def pandas_script(spec: dict) -> dict:
    """The script a DuckDB-aware pandas user writes: `pd.read_csv(path, dtype=str)` for every file
    of an export type, `pd.concat`, then `create table … as select * from df` (DuckDB reads the
    DataFrame in place). The exports carry their header on the first row and no lead rows, so
    pandas' defaults fit; a BOM is stripped by pandas' parser."""
    import duckdb
    import pandas as pd

    con = duckdb.connect(spec["database"])
    rows = 0
    for folder, paths in export_groups(spec["files"], spec["root"]).items():
        df = pd.concat([pd.read_csv(p, dtype=str) for p in paths], ignore_index=True)
        con.register("df", df)
        con.execute(f'create or replace table "{table_name(folder)}" as select * from df')
        con.unregister("df")
        rows += len(df)
        del df
    con.close()
    return {"files": len(spec["files"]), "rows": rows, "method": "read_csv(dtype=str) + create table as"}


def dlt_pipeline(spec: dict) -> dict:
    """dlt's filesystem source with its `read_csv` reader (pandas in chunks, `dtype=str` passed
    through) into a duckdb destination: one resource, hence one table, per export type, and one
    `pipeline.run` for all of them. Telemetry off; dlt's working folder under the bench folder.

    dlt's default naming convention (snake_case) keeps only ASCII letters and digits of a column
    name: the 29 Chinese headers of a PDD order export collapse into 3 columns and the values of
    the others are lost without an error. The `direct` convention keeps the names as they are; a
    user who checked the loaded table would switch to it, so it is what is measured."""
    try:
        import dlt
        from dlt.sources.filesystem import filesystem, read_csv
    except ImportError:
        return {"files": len(spec["files"]), "skipped": DLT_MISSING}
    root = Path(spec["root"])
    resources = [
        (filesystem(bucket_url=root.as_uri(), file_glob=f"{folder}/*.csv") | read_csv(dtype=str)).with_name(
            table_name(folder)
        )
        for folder in export_groups(spec["files"], spec["root"])
    ]
    # dlt reads its configuration from the environment; set only for this run (omnichannel_config
    # is the one place that touches the environment).
    with exported({"RUNTIME__DLTHUB_TELEMETRY": "false", "SCHEMA__NAMING": "direct"}):
        pipeline = dlt.pipeline(
            pipeline_name="bench_csv",
            pipelines_dir=spec["pipelines_dir"],
            destination=dlt.destinations.duckdb(spec["database"]),
            dataset_name="raw",
        )
        pipeline.run(resources)
    counts = pipeline.last_trace.last_normalize_info.row_counts
    rows = sum(n for table, n in counts.items() if not table.startswith("_dlt"))
    return {"files": len(spec["files"]), "rows": rows, "dlt": dlt.__version__}
