"""聚水潭 ERP exports: 商品库存 per warehouse and day, 商品资料 on the first day and each 1st."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from simulator.exports.common import Sink, split_by, template
from simulator.inventory import WAREHOUSE_SHARE, WAREHOUSES
from simulator.world import World
from simulator.writers.xlsx import literal_row, row_xml, text_cells, xlsx_bytes

BRAND = "澜沐"
_CELL = '<c t="inlineStr"><is><t xml:space="preserve">'
_END = "</t></is></c>"


def _jst(values: np.ndarray) -> np.ndarray:
    """聚水潭 leaves the OOXML escape for '+' in its strings: readers see the text _x002B_. In the XML
    that literal text is itself escaped as _x005F_x002B_."""
    return np.array([str(v).replace("+", "_x005F_x002B_") for v in values], dtype=object)


def _int_cells(values: np.ndarray) -> np.ndarray:
    """Integers as inline-string cells (the ERP exports every number as text)."""
    return _CELL + np.asarray(values, dtype=np.int64).astype(str).astype(object) + _END


def _const_cells(values: list[str]) -> str:
    return "".join("<c/>" if v == "" else f"{_CELL}{v}{_END}" for v in values)


def warehouse_split(inv: pd.DataFrame) -> pd.DataFrame:
    """Per-warehouse rows from the SKU totals, with in_export false for ~1 in 200 rows."""
    frames = []
    for w, (name, _share) in enumerate(zip(WAREHOUSES, WAREHOUSE_SHARE, strict=True)):
        part = inv.copy()
        part["warehouse"] = name
        for col in ("on_hand", "order_locked", "lock_qty", "in_transit"):
            total = inv[col].to_numpy()
            gz = np.floor(total * WAREHOUSE_SHARE[1]).astype(np.int64)
            part[col] = gz if w == 1 else total - gz
        part["available"] = part["on_hand"] - part["order_locked"] - part["lock_qty"]
        key = (part["day"].to_numpy() * 7919 + part["sku_index"].to_numpy() * 104729 + w * 31) % 200
        part["in_export"] = key != 17
        frames.append(part)
    return pd.concat(frames, ignore_index=True)


def _sku_head_cells(world: World) -> np.ndarray:
    """The six product cells that open each SKU's inventory row (款式编码 … 商品名称)."""
    prod = world.catalog.products
    n = len(prod)
    cols = [
        _jst(prod["spu_code"].to_numpy()),
        np.full(n, "", dtype=object),
        _jst(prod["spec"].to_numpy()),
        np.full(n, BRAND, dtype=object),
        _jst(prod["sku_code"].to_numpy()),
        _jst(prod["sku_name"].to_numpy()),
    ]
    cells = [text_cells(c) for c in cols]
    return np.array(
        ["".join(parts) for parts in zip(*[c.tolist() for c in cells], strict=True)], dtype=object
    )


def export_inventory(world: World, sink: Sink, inv_wh: pd.DataFrame) -> None:
    tpl = template("erp", "inventory")
    header = literal_row(tpl.headers)
    g = inv_wh[inv_wh["in_export"].to_numpy()]
    col = {c: g[c].to_numpy() for c in ("on_hand", "order_locked", "in_transit", "lock_qty", "available")}
    locked = _int_cells(col["order_locked"])
    available = _int_cells(col["available"])
    rows = (
        "<row>"
        + _sku_head_cells(world)[g["sku_index"].to_numpy()]
        + _int_cells(col["on_hand"])
        + "<c/>"
        + locked
        + locked
        + _const_cells(["20", "200", "7", "30"])
        + _int_cells(col["in_transit"])
        + _const_cells(["0", "0", "0", "0", "0"])  # ... 调拨在途 (transfers are not simulated)
        + _int_cells(col["lock_qty"])
        + available
        + available
        + available
        + "</row>"
    )
    # One file per (day, warehouse), warehouses in name order as a groupby would visit them.
    names = sorted(WAREHOUSES)
    wh_code = pd.Categorical(g["warehouse"], categories=names).codes.astype(np.int64)
    key = g["day"].to_numpy().astype(np.int64) * len(names) + wh_code
    for k, pos in split_by(key):
        d = world.dates[k // len(names)]
        wh = names[k % len(names)]
        created = dt.datetime.combine(d + dt.timedelta(days=1), dt.time(7, 30))
        data = xlsx_bytes([header, *rows[pos].tolist()], created)
        name = f"商品库存_{wh}_{d:%Y%m%d}.xlsx"
        sink.write(tpl, name, data, file_type="xlsx", encoding="utf-8", rows=len(pos), period=(d, d))


def _product_rows(world: World) -> np.ndarray:
    """Each SKU's 商品资料 row (the same in every file that lists it)."""
    prod = world.catalog.products
    n = len(prod)
    launch = prod["launch_date"].to_numpy()
    empty = np.full(n, "", dtype=object)
    cols = [
        empty,
        _jst(prod["spu_code"].to_numpy()),
        _jst(prod["sku_code"].to_numpy()),
        empty,
        _jst(prod["spec"].to_numpy()),
        np.char.mod("%.2f", prod["list_price"].to_numpy().astype(float)).astype(object),
        np.char.mod("%.2f", prod["unit_cost"].to_numpy().astype(float)).astype(object),
        np.array([f"{d:%Y-%m-%d} 00:00:00" for d in launch], dtype=object),
        prod["category"].to_numpy().astype(object),
        np.array([str(d.year) for d in launch], dtype=object),
        np.full(n, "四季", dtype=object),
        _jst(prod["sku_name"].to_numpy()),
        prod["supplier"].to_numpy().astype(object),
        np.full(n, BRAND, dtype=object),
        prod["lead_time_days"].to_numpy().astype(np.int64).astype(str).astype(object),
        prod["status"].to_numpy().astype(object),
    ]
    return row_xml([text_cells(c) for c in cols])


def export_products(world: World, sink: Sink) -> None:
    tpl = template("erp", "products")
    launch = world.catalog.products["launch_date"].to_numpy()
    rows = _product_rows(world)
    header = literal_row(tpl.headers)
    for i, d in enumerate(world.dates):
        if i != 0 and d.day != 1:
            continue
        # A SKU is created in the ERP about six weeks before its launch.
        listed = np.array([ld <= d + dt.timedelta(days=45) for ld in launch], dtype=bool)
        created = dt.datetime.combine(d, dt.time(7, 0))
        sink.write(
            tpl,
            f"商品资料_{d:%Y%m%d}.xlsx",
            xlsx_bytes([header, *rows[listed].tolist()], created),
            file_type="xlsx",
            encoding="utf-8",
            rows=int(listed.sum()),
            period=(d, d),
        )
