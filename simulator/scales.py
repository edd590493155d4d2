"""Named sizes of a simulation: how many days, orders, SKUs and people each scale produces."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    name: str
    default_days: int
    # Expected orders over the default window; a different --days scales this per day.
    target_orders: int
    n_skus: int
    # Average orders per person over the window: sets the size of the customer base.
    orders_per_person: float
    # Worker processes for file writing (1 = write in this process).
    workers: int

    def orders_per_day(self) -> float:
        return self.target_orders / self.default_days


SCALES: dict[str, Scale] = {
    "tiny": Scale("tiny", 30, 3_600, 24, 1.6, 1),
    "demo": Scale("demo", 365, 150_000, 60, 2.6, 2),
    # ~3.1M orders x ~1.6 lines = ~5M order lines over three years.
    "large": Scale("large", 1095, 3_100_000, 60, 3.0, 2),
}


def get_scale(name: str) -> Scale:
    try:
        return SCALES[name]
    except KeyError:
        raise ValueError(f"unknown scale {name!r}; expected one of {sorted(SCALES)}") from None
