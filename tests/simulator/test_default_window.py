"""The default simulation window ends yesterday in Shanghai, the day the freshness gate expects."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from simulator.api import default_start


def test_window_ends_yesterday_in_shanghai():
    days = 30
    shanghai_today = dt.datetime.now(ZoneInfo("Asia/Shanghai")).date()
    start = default_start(days)
    assert start == shanghai_today - dt.timedelta(days=days)
    assert start + dt.timedelta(days=days - 1) == shanghai_today - dt.timedelta(days=1)


def test_an_explicit_today_is_used_as_given():
    assert default_start(7, today=dt.date(2026, 11, 23)) == dt.date(2026, 11, 16)
