"""The shape of demand over time: weekly rhythm, promotion phases, Spring Festival, growth and the
monthly channel mix. Everything is a pure function of the date so runs are reproducible."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

PLATFORMS = ("tmall", "jd", "pdd", "douyin", "kuaishou", "youzan")

# Spring Festival (正月初一). The week around it has low sales and warehouses do not ship.
SPRING_FESTIVAL = {
    2023: dt.date(2023, 1, 22),
    2024: dt.date(2024, 2, 10),
    2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17),
    2027: dt.date(2027, 2, 6),
    2028: dt.date(2028, 1, 26),
}
# Mon..Sun: weekends and Sunday evenings sell more.
WEEKDAY_FACTOR = np.array([0.93, 0.95, 0.97, 0.98, 1.03, 1.1, 1.14])
# Base share of GMV per platform: core ~59%, social ~25%, private domain ~16%.
BASE_SHARE = {
    "tmall": 0.27,
    "jd": 0.17,
    "pdd": 0.15,
    "douyin": 0.17,
    "kuaishou": 0.08,
    "youzan": 0.16,
}
ANNUAL_GROWTH = 0.30


@dataclass(frozen=True)
class Phase:
    event: str
    phase: str  # preheat / burst / return
    start: tuple[int, int]  # (month, day)
    end: tuple[int, int]
    factor: float
    discount: float
    # Platforms that push this event harder (their share rises during it).
    boosted: tuple[str, ...] = ()


PHASES: tuple[Phase, ...] = (
    Phase("38节", "preheat", (3, 1), (3, 5), 1.25, 0.10, ("youzan", "tmall")),
    Phase("38节", "burst", (3, 6), (3, 8), 2.0, 0.18, ("youzan", "tmall")),
    Phase("618", "preheat", (5, 31), (6, 15), 1.45, 0.12, ("tmall", "jd")),
    Phase("618", "burst", (6, 16), (6, 18), 3.6, 0.25, ("tmall", "jd")),
    Phase("618", "return", (6, 19), (6, 21), 1.5, 0.15, ("tmall", "jd")),
    Phase("双11", "preheat", (10, 20), (10, 31), 1.6, 0.15, ("tmall", "jd", "douyin")),
    Phase("双11", "burst", (11, 1), (11, 11), 2.6, 0.25, ("tmall", "jd", "douyin")),
    Phase("双11", "return", (11, 12), (11, 14), 1.5, 0.15, ("tmall", "jd")),
    Phase("双12", "preheat", (12, 8), (12, 11), 1.2, 0.08, ("tmall", "pdd")),
    Phase("双12", "burst", (12, 12), (12, 12), 2.4, 0.20, ("tmall", "pdd")),
    Phase("双12", "return", (12, 13), (12, 14), 1.25, 0.10, ("tmall", "pdd")),
    Phase("年货节", "preheat", (1, 2), (1, 5), 1.15, 0.08, ("pdd", "douyin", "kuaishou")),
    Phase("年货节", "burst", (1, 6), (1, 18), 1.45, 0.15, ("pdd", "douyin", "kuaishou")),
)
# Peak days inside a burst sell far more than the burst average.
PEAK_DAYS = {(6, 18): 1.6, (11, 11): 2.3, (11, 1): 1.3}


def _phase_on(day: dt.date) -> Phase | None:
    for p in PHASES:
        if p.start <= (day.month, day.day) <= p.end:
            return p
    return None


def spring_festival_week(day: dt.date) -> bool:
    """The week from three days before to three days after 正月初一: low sales, no shipping."""
    sf = SPRING_FESTIVAL.get(day.year)
    sf_next = SPRING_FESTIVAL.get(day.year + 1)
    return any(s is not None and -3 <= (day - s).days <= 3 for s in (sf, sf_next))


def _pre_festival_rush(day: dt.date) -> float:
    """Sales climb a little before the holiday (gifts), then fall away."""
    s = SPRING_FESTIVAL.get(day.year)
    if s is None:
        return 1.0
    d = (s - day).days
    if 4 <= d <= 12:
        return 1.15
    if -10 <= d <= -4:
        return 0.8  # logistics restarting, buyers away
    return 1.0


def day_table(start: dt.date, days: int) -> pd.DataFrame:
    """One row per date: demand factor, promotion phase, discount depth, shipping flag and the
    platform shares of the day (summing to 1)."""
    rows = []
    for i in range(days):
        day = start + dt.timedelta(days=i)
        phase = _phase_on(day)
        cny = spring_festival_week(day)
        promo = phase.factor if phase else 1.0
        promo *= PEAK_DAYS.get((day.month, day.day), 1.0) if phase else 1.0
        growth = (1 + ANNUAL_GROWTH) ** (i / 365.0)
        demand = WEEKDAY_FACTOR[day.weekday()] * promo * growth * _pre_festival_rush(day)
        if cny:
            demand *= 0.35
        # Channel mix drifts by month (social grows, private domain swings) so the gap to a 60/25/15
        # target is visible month by month.
        t = i / 365.0
        m = day.month
        shares = {}
        for k, p in enumerate(PLATFORMS):
            s = BASE_SHARE[p] * (1 + 0.12 * np.sin(2 * np.pi * (m + 2 * k) / 12.0))
            if p in ("douyin", "kuaishou"):
                s *= 1 + 0.18 * t
            if p == "pdd" and cny:
                s *= 1.3
            if phase and p in phase.boosted:
                s *= 1.25 if phase.phase == "burst" else 1.1
            shares[p] = s
        total = sum(shares.values())
        row = {
            "date": day,
            "demand": demand,
            "event": phase.event if phase else "",
            "phase": phase.phase if phase else "",
            "discount": phase.discount if phase else 0.05,
            "no_ship": cny,
            "spring_festival": cny,
        }
        row.update({f"share_{p}": shares[p] / total for p in PLATFORMS})
        rows.append(row)
    return pd.DataFrame(rows)


# Hour-of-day profile of order creation: quiet nights, lunch bump, evening peak (20:00-23:00).
HOUR_WEIGHTS = np.array(
    [3, 1.5, 0.8, 0.5, 0.4, 0.5, 1, 2, 3.5, 4.5, 5, 5.5, 6, 5.5, 5, 5, 5, 5, 5.5, 6.5, 8, 9, 8.5, 6]
)
HOUR_P = HOUR_WEIGHTS / HOUR_WEIGHTS.sum()
