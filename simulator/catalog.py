"""The brand's product catalogue: ~60 SKUs of one mid-size beauty & personal-care brand (澜沐, code LM).

Each SKU carries what the ERP item master, the platform listings and the demand model need: SPU, category,
cost, list price, launch date, a quality that drives ratings and refunds, a popularity tier (the "3+1"
matrix: hits, potential new products, long tail, gift sets) and replenishment lead time.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulator.calendar import PLATFORMS

BRAND = "澜沐"
SUPPLIERS = ("上海臻颜生物科技有限公司", "广州美研化妆品有限公司", "浙江优品日化有限公司")

# (code, name, category, tier, [(spec, list price)])
# tier: hit 核心爆品 / new 潜力新品 / tail 长尾 / set 定制礼盒 / gift 赠品 / dead 停售 slow mover
_SPUS: tuple[tuple[str, str, str, str, tuple[tuple[str, float], ...]], ...] = (
    ("SER", "玻尿酸保湿精华液", "精华", "hit", (("30ml", 199.0), ("50ml", 299.0))),
    ("CRM", "神经酰胺修护面霜", "面霜", "hit", (("50g", 259.0), ("30g", 179.0))),
    ("MSK", "补水保湿面膜", "面膜", "hit", (("5片", 99.0), ("10片", 179.0), ("20片", 329.0))),
    ("TON", "保湿爽肤水", "爽肤水", "hit", (("150ml", 139.0), ("300ml", 219.0))),
    ("SET-SER+CRM", "精华面霜护肤礼盒", "礼盒", "set", (("套装", 429.0),)),
    ("LIP", "丝绒雾面口红", "彩妆", "tail", tuple((f"#0{i}", 139.0) for i in range(1, 7))),
    ("NIA", "烟酰胺净透精华", "精华", "tail", (("30ml", 169.0), ("50ml", 239.0))),
    ("CUS", "轻透气垫粉底", "彩妆", "tail", (("C1", 229.0), ("C2", 229.0), ("C3", 229.0))),
    ("SHP", "氨基酸洗发水", "洗护", "tail", (("400ml", 89.0), ("750ml", 129.0))),
    ("SET-TON+MSK", "水膜补水礼盒", "礼盒", "set", (("套装", 259.0),)),
    ("RET", "视黄醇抗老精华", "精华", "new", (("30ml", 329.0), ("50ml", 459.0))),
    ("PEP", "多肽紧致精华", "精华", "new", (("30ml", 359.0), ("50ml", 499.0))),
    ("EYE", "紧致淡纹眼霜", "面霜", "tail", (("15g", 219.0), ("30g", 359.0))),
    ("SPF", "清透防晒隔离乳", "彩妆", "tail", (("50ml", 169.0), ("30ml", 119.0))),
    ("BLT", "烟酰胺身体乳", "身体护理", "tail", (("250ml", 99.0), ("400ml", 139.0))),
    ("SET-LIP+CUS", "彩妆明星礼盒", "礼盒", "set", (("套装", 339.0),)),
    ("VCS", "维C焕亮精华", "精华", "tail", (("30ml", 239.0), ("15ml", 139.0))),
    ("NCR", "晚安修护霜", "面霜", "new", (("50g", 289.0),)),
    ("ESS", "精粹水", "爽肤水", "tail", (("150ml", 189.0), ("300ml", 299.0))),
    ("MIL", "柔润乳液", "爽肤水", "tail", (("120ml", 159.0),)),
    ("CLY", "清洁泥膜", "面膜", "dead", (("100g", 129.0),)),
    ("SLP", "睡眠面膜", "面膜", "tail", (("80g", 149.0),)),
    ("GEL", "清爽凝霜", "面霜", "dead", (("50g", 179.0),)),
    ("BRW", "极细眉笔", "彩妆", "tail", (("灰棕", 69.0), ("深棕", 69.0))),
    ("MSC", "纤长睫毛膏", "彩妆", "tail", (("黑色", 99.0),)),
    ("CND", "氨基酸护发素", "洗护", "tail", (("400ml", 89.0),)),
    ("HMK", "修护发膜", "洗护", "tail", (("200g", 99.0),)),
    ("HOL", "护发精油", "洗护", "new", (("50ml", 119.0), ("100ml", 189.0))),
    ("BWS", "香氛沐浴露", "身体护理", "tail", (("白茶", 79.0), ("玫瑰", 79.0))),
    ("HND", "护手霜", "身体护理", "tail", (("3支装", 59.0),)),
    ("SCR", "身体磨砂膏", "身体护理", "dead", (("200g", 89.0), ("400g", 139.0))),
    ("SET-SHP+CND", "洗护套装", "礼盒", "set", (("套装", 159.0),)),
    ("SET-XMAS", "圣诞限定礼盒", "礼盒", "set", (("套装", 599.0),)),
    ("SET-CNY", "新春礼盒", "礼盒", "set", (("套装", 499.0),)),
    ("GIFT-MINI", "旅行装小样", "赠品", "gift", (("5ml", 0.0),)),
)

TIER_POPULARITY = {"hit": 9.0, "new": 2.5, "tail": 1.0, "set": 1.6, "gift": 0.0, "dead": 0.12}
# Spread of mean review rating per tier; a few tail SKUs are poor (≤ 4.2) and refund far more.
TIER_NAME = {"hit": "核心爆品", "new": "潜力新品", "tail": "长尾", "set": "定制", "gift": "赠品"}
TIER_NAME["dead"] = "长尾"


@dataclass(frozen=True)
class Catalog:
    products: pd.DataFrame  # one row per SKU, index 0..n-1 = sku index used everywhere

    @property
    def n(self) -> int:
        return len(self.products)

    def sellable_mask(self, day: dt.date) -> np.ndarray:
        p = self.products
        return (
            (p["launch_date"].to_numpy() <= day)
            & (p["status"].to_numpy() == "在售")
            & (p["tier"].to_numpy() != "gift")
        )


def refund_probability(rating: np.ndarray) -> np.ndarray:
    """After-delivery refund probability from the SKU's mean rating: ≥ 4.8 → ~3.5%, ≤ 4.2 → ~18%."""
    r = np.clip((4.8 - rating) / 0.6, 0.0, 1.0)
    return 0.035 + r * (0.18 - 0.035)


def _all_skus() -> list[dict]:
    rows = []
    for code, name, category, tier, specs in _SPUS:
        spu = f"LM-{code}"
        for spec, price in specs:
            sku = spu if len(specs) == 1 and code.startswith("SET") else f"{spu}-{spec}"
            if code.startswith("SET") or code == "GIFT-MINI":
                sku = spu
            sku = sku.replace("#", "").replace("ml", "ML").replace("片", "P").replace("g", "G")
            rows.append(
                {
                    "sku_code": _ascii_sku(sku, spec),
                    "spu_code": spu,
                    "sku_name": f"{BRAND}{name} {spec}",
                    "spu_name": f"{BRAND}{name}",
                    "spec": spec,
                    "category": category,
                    "tier": tier,
                    "list_price": price,
                }
            )
    return rows


_SPEC_ASCII = {
    "套装": "",
    "灰棕": "GB",
    "深棕": "DB",
    "黑色": "BK",
    "白茶": "WT",
    "玫瑰": "RS",
    "3支装": "3PC",
}


def _ascii_sku(sku: str, spec: str) -> str:
    """SKU codes are ASCII like LM-SER-30ML; Chinese spec names get short codes."""
    for zh, en in _SPEC_ASCII.items():
        sku = sku.replace(f"-{zh}", f"-{en}" if en else "")
    return sku


# The SKUs a tiny run keeps: hits, two gift sets with '+', a poor-rated tail, a dead SKU, the gift.
_TINY_PICK = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 16, 18, 21, 23, 24, 26, 30, 34, 41, 43, 49, 53, 59)


def build_catalog(n_skus: int, start: dt.date, days: int, rng: np.random.Generator) -> Catalog:
    rows = _all_skus()
    if n_skus < len(rows):
        keep = [i for i in _TINY_PICK if i < len(rows)][:n_skus]
        rows = [rows[i] for i in sorted(keep)]
    df = pd.DataFrame(rows)
    n = len(df)
    tier = df["tier"].to_numpy()

    # Popularity: tier base times a lognormal spread; the first hit is the star.
    pop = np.array([TIER_POPULARITY[t] for t in tier]) * rng.lognormal(0.0, 0.35, n)
    df["popularity"] = pop

    # Mean rating: hits are good, tail varies, two tail SKUs are poor so refund rates differ.
    rating = np.where(tier == "hit", rng.uniform(4.75, 4.95, n), rng.uniform(4.3, 4.85, n))
    tail_idx = np.flatnonzero(tier == "tail")
    if len(tail_idx) >= 2:
        poor = rng.choice(tail_idx, size=2, replace=False)
        rating[poor] = rng.uniform(3.95, 4.15, 2)
    rating[tier == "gift"] = 4.8
    df["mean_rating"] = np.round(rating, 2)
    df["refund_probability"] = refund_probability(df["mean_rating"].to_numpy())

    # Cost: 18-35% of list for skincare, higher for body/hair; gifts cost a few yuan.
    cost_ratio = np.where(np.isin(df["category"], ["洗护", "身体护理"]), 0.38, 0.26)
    cost = df["list_price"].to_numpy() * cost_ratio * rng.uniform(0.8, 1.2, n)
    cost[tier == "gift"] = 6.0
    df["unit_cost"] = np.round(cost, 2)

    # Launch dates: established SKUs years ago; "new" SKUs launch inside the window so new-product
    # ramps are visible; gift sets a few months before the window.
    launch = []
    new_rank = 0
    for t in tier:
        if t == "new":
            frac = (0.15, 0.35, 0.55, 0.75, 0.9)[new_rank % 5]
            new_rank += 1
            launch.append(start + dt.timedelta(days=int(days * frac) - 60 * (new_rank % 2)))
        else:
            launch.append(start - dt.timedelta(days=int(rng.integers(120, 1500))))
    df["launch_date"] = launch
    df["status"] = np.where(tier == "dead", "停售", "在售")
    # A discontinued SKU still sells its last units at first; mark only one as truly 停售.
    dead = np.flatnonzero(tier == "dead")
    if len(dead) > 1:
        df.loc[dead[1:], "status"] = "在售"
    df["lead_time_days"] = np.where(tier == "hit", rng.integers(18, 28, n), rng.integers(7, 21, n))
    df["supplier"] = [SUPPLIERS[i % len(SUPPLIERS)] for i in range(n)]
    df["tier_name"] = [TIER_NAME[t] for t in tier]
    df["is_gift"] = tier == "gift"

    # Platform listing ids: one listing per SKU on every platform (a simplification).
    ids = np.arange(n)
    df["product_id_tmall"] = [str(620000000000 + 7919 * 1013 * (i + 11)) for i in ids]
    df["product_id_jd"] = [str(100012000000 + 48271 * (i + 3)) for i in ids]
    df["product_id_pdd"] = [str(413000000000 + 69621 * (i + 5)) for i in ids]
    df["product_id_douyin"] = [str(3612000000000000000 + 104729 * 7777 * (i + 1)) for i in ids]
    df["product_id_kuaishou"] = [str(22013000000 + 15485863 * (i + 2)) for i in ids]
    df["product_id_youzan"] = [str(3400000000 + 999331 * (i + 7)) for i in ids]
    df["sku_index"] = ids
    return Catalog(df)


def product_id_column(platform: str) -> str:
    if platform not in PLATFORMS:
        raise KeyError(platform)
    return f"product_id_{platform}"
