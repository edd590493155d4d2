"""Which export tasks a simulation runs, how the big ones split into day ranges, and in what order.

Order exports are cut into chunks of consecutive file days with about the same number of snapshot
rows: chunks bound the memory a worker needs (the large scale has ~15M snapshot rows) and let two
workers share the work evenly. Tasks run longest first (estimated), so the pool does not end waiting
for one big task started last.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from simulator.calendar import PLATFORMS
from simulator.derived import Derived
from simulator.exports import crm, cs, douyin, erp, jd, kuaishou, pdd, tmall, youzan
from simulator.exports.ads import export_ads
from simulator.exports.common import Sink, day_chunks
from simulator.exports.traffic import export_traffic
from simulator.snapshots import appearances, line_counts
from simulator.world import World

Export = Callable[[World, Derived, Sink, "range | None"], None]

ORDER_EXPORTS: dict[str, Export] = {
    "tmall": lambda w, d, s, days: tmall.export_orders(w, s, days),
    "douyin": lambda w, d, s, days: douyin.export_orders(w, s, days),
    "jd": lambda w, d, s, days: jd.export_orders(w, s, days),
    "kuaishou": lambda w, d, s, days: kuaishou.export_orders(w, s, days),
    "pdd": lambda w, d, s, days: pdd.export_orders(w, s, days),
    "youzan": lambda w, d, s, days: youzan.export_orders(w, s, days),
}
OTHER_EXPORTS: dict[str, Export] = {
    "jd_settlement": lambda w, d, s, days: jd.export_settlement(w, s, d.final),
    "douyin_aftersales": lambda w, d, s, days: douyin.export_aftersales(w, s),
    "traffic": lambda w, d, s, days: export_traffic(w, s, d.traffic),
    "ads": lambda w, d, s, days: export_ads(w, s, d.ads),
    "inventory": lambda w, d, s, days: erp.export_inventory(w, s, d.inv_wh),
    "products": lambda w, d, s, days: erp.export_products(w, s),
    "members": lambda w, d, s, days: crm.export_members(w, s, d.members, d.bindings),
    "sessions": lambda w, d, s, days: cs.export_sessions(w, s, d.sessions),
    "reviews": lambda w, d, s, days: cs.export_reviews(w, s, d.reviews),
}
ANSWER_KEY = "answer_key"

# Rough CPU seconds per 100k order lines (measured at the demo scale), for scheduling only.
COST_PER_100K_LINES = {
    ANSWER_KEY: 2.0,
    "jd_settlement": 1.0,
    "douyin_aftersales": 0.3,
    "traffic": 1.5,
    "ads": 1.0,
    "inventory": 0.7,
    "products": 0.0,
    "members": 0.2,
    "sessions": 0.4,
    "reviews": 0.2,
}
# Rough CPU seconds per 100k snapshot rows of each order export.
COST_PER_100K_ROWS = {"tmall": 2.5, "douyin": 2.5, "kuaishou": 2.0, "jd": 1.2, "pdd": 1.0, "youzan": 1.2}
# The most snapshot rows one chunk holds (bounds a worker's memory), and the least worth a chunk.
MAX_CHUNK_ROWS = 100_000
MIN_CHUNK_ROWS = 20_000


@dataclass(frozen=True)
class Task:
    name: str  # an order platform, another export, or the answer key
    days: range | None  # the file days of an order-export chunk (None: the whole period)
    cost: float  # estimated CPU seconds

    def run(self, world: World, derived: Derived, sink: Sink) -> None:
        export = ORDER_EXPORTS.get(self.name) or OTHER_EXPORTS[self.name]
        export(world, derived, sink, self.days)


def rows_per_day(world: World, platform: str) -> np.ndarray:
    """Snapshot rows (order lines × appearances) in each day's order file of the platform."""
    app = appearances(world, platform)
    rows = line_counts(world)[app["order_index"].to_numpy()]
    return np.bincount(app["day"].to_numpy(), weights=rows, minlength=world.days)


def plan(world: World, derived: Derived, workers: int) -> list[Task]:
    per_day = {p: rows_per_day(world, p) for p in PLATFORMS}
    total = sum(float(r.sum()) for r in per_day.values())
    # A few chunks per worker balance well; one process only needs chunks to bound memory.
    target = (
        MAX_CHUNK_ROWS if workers <= 1 else min(MAX_CHUNK_ROWS, max(total / (3 * workers), MIN_CHUNK_ROWS))
    )
    tasks = []
    for p in ORDER_EXPORTS:
        for days in day_chunks(per_day[p], target):
            rows = float(per_day[p][days.start : days.stop].sum())
            whole = days.start == 0 and days.stop == world.days
            tasks.append(Task(p, None if whole else days, COST_PER_100K_ROWS[p] * rows / 1e5))
    lines = len(derived.final)
    tasks += [Task(name, None, COST_PER_100K_LINES[name] * lines / 1e5) for name in OTHER_EXPORTS]
    tasks.append(Task(ANSWER_KEY, None, COST_PER_100K_LINES[ANSWER_KEY] * lines / 1e5))
    return tasks


def longest_first(tasks: list[Task]) -> list[Task]:
    return sorted(tasks, key=lambda t: -t.cost)
