"""Number texts of the report exports (traffic, ads), built a whole column at a time.

Each helper yields exactly what Python's own formatting gives for one value (`f"{v:.2f}"`,
`f"{v:,}"`, `str(int(v))`), so the files stay byte-identical to a per-row writer while doing one
array pass per column. Inputs are float64/int64 arrays: numpy arithmetic on them is the same IEEE
arithmetic Python floats use.
"""

from __future__ import annotations

import numpy as np


def fixed(values: np.ndarray, digits: int = 2) -> np.ndarray:
    """f"{v:.{digits}f}" for each value (Python's own rounding, not integer cents)."""
    v = np.asarray(values, dtype=float)
    if v.size == 0:
        return np.empty(0, dtype=object)
    return np.char.mod(f"%.{digits}f", v).astype(object)


def whole(values: np.ndarray) -> np.ndarray:
    """str(int(v)): floats truncated toward zero."""
    v = np.asarray(values)
    if v.dtype.kind == "f":
        v = np.trunc(v)
    return v.astype(np.int64).astype(str).astype(object)


def counts(values: np.ndarray) -> np.ndarray:
    """Counts as 生意参谋 writes them: int(v), '-' for zero, thousands commas from 1,000."""
    n = np.asarray(values)
    n = (np.trunc(n) if n.dtype.kind == "f" else n).astype(np.int64)
    out = n.astype(str).astype(object)
    big = np.abs(n) >= 1000
    if big.any():
        out[big] = [f"{int(x):,}" for x in n[big]]
    out[n == 0] = "-"
    return out


def percent_of(num: np.ndarray, den: np.ndarray, dash: bool = True) -> np.ndarray:
    """f"{100.0 * num / den:.2f}%", or '-' ('0.00%' without dash) when either side is not positive."""
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    ok = (den > 0) & (num > 0)
    out = np.full(len(num), "-" if dash else "0.00%", dtype=object)
    if ok.any():
        out[ok] = np.char.mod("%.2f%%", 100.0 * num[ok] / den[ok]).astype(object)
    return out


def ratio(num: np.ndarray, den: np.ndarray, digits: int, zero: str) -> np.ndarray:
    """f"{num / den:.{digits}f}" where den is non-zero, else `zero`."""
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    ok = den != 0
    out = np.full(len(num), zero, dtype=object)
    if ok.any():
        out[ok] = fixed(num[ok] / den[ok], digits)
    return out


def fixed_or(values: np.ndarray, when: np.ndarray, other: str) -> np.ndarray:
    """f"{v:.2f}" where `when` holds, else `other`."""
    out = np.full(len(values), other, dtype=object)
    if when.any():
        out[when] = fixed(np.asarray(values, dtype=float)[when])
    return out
