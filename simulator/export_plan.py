"""Which export tasks a simulation runs, how the big ones split into day ranges, and in what order.

Order exports are cut into chunks of consecutive file days with about the same number of snapshot
rows: chunks bound the memory a worker needs (the large scale has ~15M snapshot rows) and let two
workers share the work evenly. Tasks run longest first (estimated), so the pool does not end waiting
for one big task started last. A shop profile drops the tasks whose reports it leaves out and is
handed to every exporter, which skips the reports (or picks the layout) the profile says.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from simulator.calendar import PLATFORMS
from simulator.derived import Derived
from simulator.exports import ads, crm, cs, douyin, erp, jd, kuaishou, pdd, tmall, traffic, youzan
from simulator.exports.common import Sink, day_chunks
from simulator.profiles import COMPLETE, Profile, Report
from simulator.snapshots import appearances, line_counts
from simulator.world import World

Export = Callable[[World, Derived, Sink, "range | None", Profile], None]

# Only the exporters whose output depends on the profile take it; the others write one report each,
# which the plan drops as a whole.
ORDER_EXPORTS: dict[str, Export] = {
    "tmall": lambda w, d, s, days, prof: tmall.export_orders(w, s, days, prof),
    "douyin": lambda w, d, s, days, prof: douyin.export_orders(w, s, days),
    "jd": lambda w, d, s, days, prof: jd.export_orders(w, s, days),
    "kuaishou": lambda w, d, s, days, prof: kuaishou.export_orders(w, s, days),
    "pdd": lambda w, d, s, days, prof: pdd.export_orders(w, s, days),
    "youzan": lambda w, d, s, days, prof: youzan.export_orders(w, s, days, prof),
}
OTHER_EXPORTS: dict[str, Export] = {
    "jd_settlement": lambda w, d, s, days, prof: jd.export_settlement(w, s, d.final),
    "douyin_aftersales": lambda w, d, s, days, prof: douyin.export_aftersales(w, s),
    "traffic": lambda w, d, s, days, prof: traffic.export_traffic(w, s, d.traffic, prof),
    "ads": lambda w, d, s, days, prof: ads.export_ads(w, s, d.ads, prof),
    "inventory": lambda w, d, s, days, prof: erp.export_inventory(w, s, d.inv_wh),
    "products": lambda w, d, s, days, prof: erp.export_products(w, s),
    "members": lambda w, d, s, days, prof: crm.export_members(w, s, d.members, d.bindings),
    "sessions": lambda w, d, s, days, prof: cs.export_sessions(w, s, d.sessions),
    "reviews": lambda w, d, s, days, prof: cs.export_reviews(w, s, d.reviews),
}
ANSWER_KEY = "answer_key"

# The reports each export task writes: a task none of whose reports the profile exports is not run.
TASK_REPORTS: dict[str, tuple[Report, ...]] = {
    **{p: ((p, "orders"),) for p in ORDER_EXPORTS},
    "tmall": (("tmall", "orders"), ("tmall", "order_items")),  # the 订单报表 and the 宝贝报表
    "jd_settlement": (("jd", "settlement"),),
    "douyin_aftersales": (("douyin", "aftersales"),),
    "traffic": tuple((p, "traffic") for p in traffic.PLATFORMS),
    "ads": tuple((p, "ads") for p in ads.PLATFORMS),
    "inventory": (("erp", "inventory"),),
    "products": (("erp", "products"),),
    "members": (("crm", "members"),),
    "sessions": (("cs", "sessions"),),
    "reviews": (("cs", "reviews"),),
}

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
    profile: Profile = COMPLETE  # which reports the task writes, in which layout

    def run(self, world: World, derived: Derived, sink: Sink) -> None:
        export = ORDER_EXPORTS.get(self.name) or OTHER_EXPORTS[self.name]
        export(world, derived, sink, self.days, self.profile)


def runs_under(name: str, profile: Profile) -> bool:
    """Whether the task writes anything under the profile (the answer key always runs)."""
    return name == ANSWER_KEY or any(profile.exports(*r) for r in TASK_REPORTS[name])


def rows_per_day(world: World, platform: str) -> np.ndarray:
    """Snapshot rows (order lines × appearances) in each day's order file of the platform."""
    app = appearances(world, platform)
    rows = line_counts(world)[app["order_index"].to_numpy()]
    return np.bincount(app["day"].to_numpy(), weights=rows, minlength=world.days)


def plan(world: World, derived: Derived, workers: int, profile: Profile = COMPLETE) -> list[Task]:
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
            tasks.append(Task(p, None if whole else days, COST_PER_100K_ROWS[p] * rows / 1e5, profile))
    lines = len(derived.final)
    tasks += [Task(name, None, COST_PER_100K_LINES[name] * lines / 1e5, profile) for name in OTHER_EXPORTS]
    tasks.append(Task(ANSWER_KEY, None, COST_PER_100K_LINES[ANSWER_KEY] * lines / 1e5, profile))
    return [t for t in tasks if runs_under(t.name, profile)]


def longest_first(tasks: list[Task]) -> list[Task]:
    return sorted(tasks, key=lambda t: -t.cost)
