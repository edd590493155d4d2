"""Parsers for the values a setting or a command-line option holds: dates, sizes, counts, URLs.

Each returns the parsed value or raises ValueError whose text says what was expected; the caller
adds the variable or option name, so the one line a user reads names both.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import urllib.parse
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

# What DuckDB's memory_limit takes: a number and a unit (KB, MB, GB, TB, KiB … TiB; "G" alone works too).
_SIZE = re.compile(r"^\s*\d+(\.\d+)?\s*(k|m|g|t)(i?b)?\s*$", re.IGNORECASE)
MAX_THREADS = 256


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueError("a date like 2026-06-18 (YYYY-MM-DD)") from None


def parse_size(value: str) -> str:
    """A memory size as DuckDB writes it (kept as text: DuckDB parses it again)."""
    if not _SIZE.match(value):
        raise ValueError("a size with its unit like 2GB, 512MB or 1.5GiB")
    return value.strip()


def parse_count(value: str, example: int = 4) -> int:
    """A whole number from 1 to MAX_THREADS (threads, workers, days)."""
    try:
        number = int(value.strip())
    except ValueError:
        raise ValueError(f"a whole number like {example}") from None
    if not 1 <= number <= MAX_THREADS:
        raise ValueError(f"a whole number from 1 to {MAX_THREADS} like {example}")
    return number


def parse_days(value: str) -> int:
    """A number of days: any positive whole number."""
    try:
        number = int(value.strip())
    except ValueError:
        raise ValueError("a whole number of days like 30") from None
    if number < 1:
        raise ValueError("a whole number of days like 30 (at least 1)")
    return number


def parse_http_url(value: str) -> str:
    parts = urllib.parse.urlparse(value.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("an http(s) address like https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…")
    return value.strip()


def parse_flag(value: str) -> bool:
    text = value.strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("", "0", "false", "no", "off"):
        return False
    raise ValueError("1 (on) or 0 (off)")


def argument(parse: Callable[[str], T]) -> Callable[[str], T]:
    """`parse` as an argparse `type=`: a bad value becomes argparse's one-line error with what is
    expected (`argument --start: '2026-13-45' is not valid; expected a date like 2026-06-18 …`)."""

    def convert(value: str) -> T:
        try:
            return parse(value)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"{value!r} is not valid; expected {exc}") from None

    convert.__name__ = parse.__name__
    return convert
