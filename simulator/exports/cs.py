"""The customer-service tool's exports: 客服接待明细 (xlsx) and 商品评价 (CSV with a BOM), one file a day."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from simulator.exports.common import Sink, integer, join_rows, quote_minimal, rows_for_days, template, ts
from simulator.exports.daily_sheets import sheet, text_rows
from simulator.service import PLATFORM_ZH
from simulator.world import World


def _zh(platform: np.ndarray) -> np.ndarray:
    return pd.Series(platform, dtype=object).map(PLATFORM_ZH).to_numpy()


def _int_or_empty(values: np.ndarray) -> np.ndarray:
    """The number, or an empty cell where it is missing (negative)."""
    v = np.asarray(values, dtype=np.int64)
    return np.where(v < 0, "", integer(v)).astype(object)


def export_sessions(world: World, sink: Sink, sessions: pd.DataFrame) -> None:
    tpl = template("cs", "sessions")
    s = sessions
    zh = _zh(s["platform"].to_numpy())
    body = text_rows(
        [
            s["session_id"].to_numpy(),
            zh,
            "澜沐" + zh + "店",
            s["agent"].to_numpy(),
            s["buyer_id"].to_numpy(),
            s["session_type"].to_numpy(),
            ts(s["started_at"].to_numpy()),
            _int_or_empty(s["first_response_seconds"].to_numpy()),
            _int_or_empty(s["avg_response_seconds"].to_numpy()),
            ts(s["ended_at"].to_numpy()),
            s["resolved"].to_numpy(),
            _int_or_empty(s["resolution_minutes"].to_numpy()),
            s["satisfaction"].to_numpy(),
            s["order_id"].to_numpy(),
        ]
    )
    for i, pos in rows_for_days(s["day"].to_numpy().astype(np.int64), world.days).items():
        d = world.dates[i]
        created = dt.datetime.combine(d + dt.timedelta(days=1), dt.time(6, 0))
        data = sheet([tpl.headers], body[pos], created)
        name = f"客服接待明细_{d:%Y%m%d}.xlsx"
        sink.write(tpl, name, data, file_type="xlsx", encoding="utf-8", rows=len(pos), period=(d, d))


def export_reviews(world: World, sink: Sink, reviews: pd.DataFrame) -> None:
    tpl = template("cs", "reviews")
    r = reviews
    line_id = r["line_id"].to_numpy().astype(object)
    # Platforms without a line id of their own (ours end in '#n') leave 子订单号 empty.
    line_id = np.where(r["line_id"].str.contains("#", regex=False).to_numpy(), "", line_id).astype(object)
    cols = [
        _zh(r["platform"].to_numpy()),
        ts(r["reviewed_at"].to_numpy()),
        r["order_id"].to_numpy(),
        line_id,
        r["product_id"].to_numpy(),
        r["sku_code"].to_numpy(),
        integer(r["rating"].to_numpy()),
        r["content"].to_numpy(),
        r["is_follow_up"].to_numpy(),
        r["has_images"].to_numpy(),
    ]
    lines = (
        join_rows([quote_minimal(np.asarray(c, dtype=object)) for c in cols])
        if len(r)
        else np.empty(0, object)
    )
    header = ",".join(tpl.headers)
    for i, pos in rows_for_days(r["day"].to_numpy().astype(np.int64), world.days).items():
        d = world.dates[i]
        text = "\r\n".join([header, *lines[pos].tolist()]) + "\r\n"
        data = ("\ufeff" + text).encode("utf-8")
        name = f"商品评价_{d:%Y%m%d}.csv"
        sink.write(tpl, name, data, file_type="csv", encoding="utf-8-sig", rows=len(pos), period=(d, d))
