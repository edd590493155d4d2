"""simulate(): build the business, write every platform export and the answer key."""

from __future__ import annotations

import datetime as dt
import gc
import multiprocessing as mp
import time
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from simulator import answer_key as ak
from simulator.derived import Derived, derive
from simulator.export_plan import ANSWER_KEY, Task, longest_first, plan
from simulator.exports.common import FileRecord, Sink
from simulator.profiles import Profile, get_profile
from simulator.scales import get_scale
from simulator.world import World, build_world

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class SimulationResult:
    out: Path
    answer_key: Path
    files: int
    order_lines: int
    orders: int
    start: dt.date
    end: dt.date
    seconds: float
    profile: str = "complete"


# Export tasks run in worker processes forked after the world is built (no pickling of the world).
_STATE: dict[str, object] = {}


def _run_task(task: Task) -> list[FileRecord]:
    world: World = _STATE["world"]  # type: ignore[assignment]
    derived: Derived = _STATE["derived"]  # type: ignore[assignment]
    if task.name == ANSWER_KEY:
        ak.write_truth(world, derived, _STATE["answer_key"])  # type: ignore[arg-type]
        return []
    sink = Sink(_STATE["out"], task.profile)  # type: ignore[arg-type]
    task.run(world, derived, sink)
    return sink.records


def default_start(days: int, today: dt.date | None = None) -> dt.date:
    """The window of `days` days that ends yesterday in Shanghai: the business day the pipeline's
    freshness gate measures against (a machine clock in UTC is a day behind from 16:00 to 24:00)."""
    today = today or dt.datetime.now(SHANGHAI).date()
    return today - dt.timedelta(days=days)


def simulate(
    scale: str = "tiny",
    seed: int = 7,
    out: Path | str = Path("data/landing"),
    answer_key: Path | str = Path("data/answer_key"),
    start: str | dt.date | None = None,
    days: int | None = None,
    *,
    workers: int | None = None,
    progress: bool = False,
    profile: str | Profile = "complete",
) -> SimulationResult:
    """Build the business and write its exports under `out` as the shop `profile` downloads them
    (see simulator/profiles.py), and the truth behind them under `answer_key` (same under every profile)."""
    t0 = time.perf_counter()
    sc = get_scale(scale)
    prof = get_profile(profile)
    n_days = int(days or sc.default_days)
    if n_days < 1:
        raise ValueError(f"days must be at least 1, got {n_days}")
    if start is None:
        start_date = default_start(n_days)
    elif isinstance(start, dt.date):
        start_date = start
    else:
        start_date = dt.date.fromisoformat(str(start))
    out, answer_key = Path(out), Path(answer_key)
    _clear_owned(out)

    world = build_world(sc, seed, start_date, n_days, progress=progress)
    derived = derive(world)

    n_workers = sc.workers if workers is None else workers
    parallel = n_workers > 1 and "fork" in mp.get_all_start_methods()
    tasks = longest_first(plan(world, derived, n_workers if parallel else 1, prof))
    _STATE.update(world=world, derived=derived, out=out, answer_key=answer_key)
    records: list[FileRecord] = []
    try:
        if parallel:
            # Keep the collector away from the world's objects in the workers, so forked pages stay
            # shared instead of being copied when it walks them.
            gc.freeze()
            # One task per worker process: pages a task copies from the parent (touching shared
            # objects) are returned when it exits, so a worker's memory never accumulates.
            with mp.get_context("fork").Pool(n_workers, maxtasksperchild=1) as pool:
                for recs in _progress(pool.imap_unordered(_run_task, tasks), len(tasks), progress):
                    records.extend(recs)
        else:
            for task in _progress(tasks, len(tasks), progress):
                records.extend(_run_task(task))
    finally:
        _STATE.clear()
        gc.unfreeze()
    records.sort(key=lambda r: r.path)
    _write_manifest(out, records)
    ak.write_files(records, answer_key)
    ak.write_simulation(
        ak.SimulationInfo(prof.name, sc.name, seed, world.start, world.end, world.days, len(records)),
        answer_key,
    )
    return SimulationResult(
        out=out,
        answer_key=answer_key,
        files=len(records),
        order_lines=len(derived.final),
        orders=len(world.book.orders),
        start=world.start,
        end=world.end,
        seconds=time.perf_counter() - t0,
        profile=prof.name,
    )


def _progress(it, total: int, enabled: bool):
    if not enabled:
        return it
    from tqdm import tqdm

    return tqdm(it, total=total, desc="exports", unit="task")


MANIFEST_NAME = ".simulator_files.txt"


def _clear_owned(out: Path) -> None:
    """Remove the files the previous run wrote (and only those), so stale exports never mix in.

    The landing folder may also hold real exports a person dropped there: those are never touched.
    """
    manifest = out / MANIFEST_NAME
    if not manifest.exists():
        return
    for line in manifest.read_text(encoding="utf-8").splitlines():
        path = out / line
        if line and path.is_file():
            path.unlink()
    manifest.unlink()


def _write_manifest(out: Path, records: list[FileRecord]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / MANIFEST_NAME).write_text("".join(f"{r.path}\n" for r in records), encoding="utf-8")
