"""Identifiers that look like each platform's and never collide.

A multiplicative bijection modulo 10^9 spreads a running index over 9 digits: unique, reproducible and
random-looking without storing a set of used ids. Longer ids put that unique block first and pad with
hashed digits.
"""

from __future__ import annotations

import numpy as np

_MULT = 738_219_137  # odd, not a multiple of 5: a bijection modulo 10^k
_MULT2 = 2_654_435_761


def scatter(index: np.ndarray, digits: int, salt: int) -> np.ndarray:
    """A permutation of 0..10^digits-1 (digits ≤ 9) applied to `index` (unique for index < 10^digits)."""
    if digits > 9:
        raise ValueError("scatter() returns at most 9 digits; use scatter_str for longer ids")
    mod = 10**digits
    idx = (np.asarray(index, dtype=np.int64) % mod).astype(np.int64)
    return (idx * (_MULT % mod | 1) + salt * 7919) % mod


def _fmt(values: np.ndarray, digits: int) -> np.ndarray:
    if values.size == 0:  # np.char.zfill cannot reduce an empty array (a short window, no rows)
        return np.empty(0, dtype=object)
    return np.char.zfill(values.astype(np.int64).astype(str), digits).astype(object)


def scatter_str(index: np.ndarray, digits: int, salt: int, prefix: str = "") -> np.ndarray:
    index = np.asarray(index, dtype=np.int64)
    head = _fmt(scatter(index, min(digits, 9), salt), min(digits, 9))
    if digits > 9:
        rest = digits - 9
        tail = (index * _MULT2 + salt * 104_729) % (10 ** min(rest, 9))
        head = head + _fmt(tail, min(rest, 9))
        if rest > 9:
            head = head + _fmt((index * 31 + salt) % 10 ** (rest - 9), rest - 9)
    if prefix:
        head = prefix + head
    return head.astype(object)
