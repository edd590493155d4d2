"""Shared pieces of every exporter: value formatting, the file sink and the file-name check."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ingestion.templates import Template, default_templates, get_template
from simulator.orders import NONE
from simulator.profiles import COMPLETE, Profile
from simulator.writers.text import excel_formula_id, join_rows, quote_all, quote_minimal, text_bytes  # noqa: F401 (re-exported)

EPOCH = np.datetime64("1970-01-01T00:00:00", "s")


@dataclass(frozen=True)
class FileRecord:
    path: str  # relative to the landing folder, POSIX separators
    platform: str
    export_type: str
    template: str
    file_type: str
    encoding: str
    rows: int
    period_start: dt.date | None = None
    period_end: dt.date | None = None


@dataclass
class Sink:
    """Writes files under out/<platform>/<export_type>/ and remembers what it wrote.

    It refuses reports the profile leaves out, so an exporter that forgets to skip one fails loudly
    instead of writing a file the shop would never have.
    """

    out: Path
    profile: Profile = COMPLETE
    records: list[FileRecord] = field(default_factory=list)

    def write(
        self,
        template: Template,
        name: str,
        data: bytes,
        *,
        file_type: str,
        encoding: str,
        rows: int,
        period: tuple[dt.date, dt.date] | None = None,
    ) -> None:
        if not template.file_name.match(name):
            raise ValueError(
                f"{name!r} does not match {template.template_id} file_name {template.file_name.pattern!r}"
            )
        if not self.profile.exports(template.platform, template.export_type):
            raise ValueError(
                f"{name!r}: profile {self.profile.name!r} does not export "
                f"{template.platform}/{template.export_type}"
            )
        folder = self.out / template.platform / template.export_type
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
        self.records.append(
            FileRecord(
                path=f"{template.platform}/{template.export_type}/{name}",
                platform=template.platform,
                export_type=template.export_type,
                template=template.template_id,
                file_type=file_type,
                encoding=encoding,
                rows=rows,
                period_start=period[0] if period else None,
                period_end=period[1] if period else None,
            )
        )


# The header version the simulator writes where the registry holds several layouts of one export
# (the reader recognises them all; the simulator writes one, so its output never changes when a
# template version is added).
SIMULATED_VERSIONS = {
    ("tmall", "orders"): "v2019_csv",
    ("tmall", "order_items"): "v2023_csv",
    ("tmall", "ads"): "v_wanxiangtai_item",
    ("jd", "ads"): "v_jingzhuntong_custom",
    ("pdd", "ads"): "v_duoduo_tuiguang",
    ("douyin", "ads"): "v_qianchuan_item",
}

# Exports the registry recognises but the simulator does not write: money-side, affiliate and ERP reports
# that no model reads yet (loaded to raw only). Their layouts are loaded from hand-typed files
# (tests/fixtures/verbatim).
NOT_SIMULATED = frozenset(
    {
        ("tmall", "alipay_bill"),
        ("tmall", "wallet_bill"),
        ("tmall", "dmp_items"),
        ("jd", "fee_details"),
        ("jd", "affiliate"),
        ("douyin", "fund_flow"),
        ("douyin", "account_flow"),
        ("douyin", "settlement"),
        ("douyin", "insurance_fees"),
        ("kuaishou", "settlement"),
        ("kuaishou", "fund_flow"),
        ("pdd", "settlement"),
        ("erp", "order_costs"),
        ("erp", "sales_analysis"),
        ("tmall", "ads_crowd"),
        ("tmall", "ads_zhiduoxing"),
        ("jd", "ads_hourly"),
        ("douyin", "ads_material"),
    }
)


def template(platform: str, export_type: str) -> Template:
    return get_template(platform, export_type, SIMULATED_VERSIONS.get((platform, export_type)))


def simulated_templates() -> list[Template]:
    """One template per raw table the simulator writes: the layout it writes for it."""
    tables = sorted({(t.platform, t.export_type) for t in default_templates()} - NOT_SIMULATED)
    return [template(p, e) for p, e in tables]


def ts(seconds: np.ndarray, fmt: str = "iso") -> np.ndarray:
    """'YYYY-MM-DD HH:MM:SS' (or '' for NONE) from int seconds; vectorised."""
    s = np.asarray(seconds, dtype=np.int64)
    missing = s == NONE
    text = np.datetime_as_string(EPOCH + np.where(missing, 0, s).astype("timedelta64[s]"), unit="s")
    text = text.astype("U19")
    codes = text.view(np.uint32).reshape(len(text), 19) if len(text) else np.zeros((0, 19), np.uint32)
    codes[:, 10] = ord(" ")
    if fmt == "compact":  # 20251101123000
        out = np.char.replace(np.char.replace(np.char.replace(text, "-", ""), ":", ""), " ", "")
        out = out.astype(object)
    else:
        out = text.astype(object)
    out[missing] = ""
    return out


def date_text(seconds: np.ndarray) -> np.ndarray:
    return np.array([t[:10] for t in ts(seconds)], dtype=object)


def money(values: np.ndarray, thousands: bool = False) -> np.ndarray:
    """'1234.50' (or '1,234.50'); vectorised via integer cents."""
    v = np.asarray(values, dtype=float)
    if v.size == 0:  # np.char.zfill cannot reduce an empty array
        return np.empty(0, dtype=object)
    cents = np.round(np.abs(v) * 100).astype(np.int64)
    whole = (cents // 100).astype(str).astype(object)
    frac = np.char.zfill((cents % 100).astype(str), 2).astype(object)
    if thousands:
        big = cents >= 100_000
        if big.any():
            whole[big] = np.array([f"{int(w):,}" for w in whole[big]], dtype=object)
    sign = np.where((v < 0) & (cents > 0), "-", "").astype(object)
    return sign + whole + "." + frac


def integer(values: np.ndarray) -> np.ndarray:
    return np.asarray(values, dtype=np.int64).astype(str).astype(object)


def const(value: str, n: int) -> np.ndarray:
    return np.full(n, value, dtype=object)


def percent(values: np.ndarray, digits: int = 2) -> np.ndarray:
    v = np.asarray(values, dtype=float) * 100
    return np.char.mod(f"%.{digits}f%%", v).astype(object)


def dt_of(seconds: int) -> dt.datetime:
    return dt.datetime(1970, 1, 1) + dt.timedelta(seconds=int(seconds))


def split_by(keys: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """(key, row positions) for each distinct key, in key order; rows keep their order."""
    if len(keys) == 0:
        return []
    order = np.argsort(keys, kind="stable")
    k = keys[order]
    cuts = np.flatnonzero(np.r_[True, k[1:] != k[:-1]])
    bounds = np.r_[cuts, len(k)]
    return [(int(k[bounds[i]]), order[bounds[i] : bounds[i + 1]]) for i in range(len(cuts))]


def rows_for_days(keys: np.ndarray, days: int | range) -> dict[int, np.ndarray]:
    """Row positions per day index (all `days` if an int, else those in the range), with an empty
    selection for days without rows."""
    groups = dict(split_by(keys))
    empty = np.array([], dtype=np.int64)
    return {d: groups.get(d, empty) for d in (range(days) if isinstance(days, int) else days)}


def day_chunks(rows: np.ndarray, target: float) -> list[range]:
    """Consecutive day ranges of about `target` rows each (at least one day per range), covering
    every day of `rows` (rows per day)."""
    chunks, start, acc = [], 0, 0.0
    for day, n in enumerate(rows):
        acc += n
        if acc >= target and day + 1 < len(rows):
            chunks.append(range(start, day + 1))
            start, acc = day + 1, 0.0
    chunks.append(range(start, len(rows)))
    return chunks


def frame_col(df: pd.DataFrame, name: str) -> np.ndarray:
    return df[name].to_numpy()


def assemble(tpl: Template, values: dict[str, np.ndarray], n: int, default: str = "") -> list[np.ndarray]:
    """Columns in the template's order; columns the simulator does not fill get `default`."""
    known = {c.column for c in tpl.columns}
    unknown = set(values) - known
    if unknown:
        raise KeyError(f"{tpl.template_id} has no columns {sorted(unknown)}")
    out = []
    for c in tpl.columns:
        v = values.get(c.column)
        if v is None:
            out.append(const(default, n))
        elif np.ndim(v) == 0:
            out.append(const(str(v), n))
        else:
            out.append(np.asarray(v, dtype=object))
    return out


def numeric_columns(tpl: Template) -> set[int]:
    """Positions of columns written as numbers in xlsx (money/number/int parsers)."""
    return {i for i, c in enumerate(tpl.columns) if c.parser in ("money", "number", "int")}


def xlsx_rows(tpl: Template, cols: list[np.ndarray], escape: bool = True) -> np.ndarray:
    """Row XML for the data rows: numbers as numeric cells, everything else as text."""
    from simulator.writers.xlsx import number_cells, row_xml, text_cells

    if not cols or len(cols[0]) == 0:
        return np.array([], dtype=object)
    nums = numeric_columns(tpl)
    cells = []
    for i, c in enumerate(cols):
        is_num = i in nums and _all_numbers(c)
        cells.append(number_cells(c) if is_num else text_cells(c, escape))
    return row_xml(cells)


def _all_numbers(col: np.ndarray) -> bool:
    s = pd.Series(col, dtype=object)
    parsed = pd.to_numeric(s.where(s != "", "0"), errors="coerce")
    return bool(parsed.notna().all())
