"""Customer service sessions and product reviews.

Pre-sale chats precede some orders, after-sale chats accompany refund applications. First-response times
are lognormal with most under three minutes. Review scores follow each SKU's mean rating (lower after a
refund), which is what ties ratings to refund rates.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.orders import DAY, NONE
from simulator.world import World

PLATFORM_ZH = {
    "tmall": "天猫",
    "jd": "京东",
    "pdd": "拼多多",
    "douyin": "抖音",
    "kuaishou": "快手",
    "youzan": "有赞",
}
SATISFACTION = np.array(["非常满意", "满意", "一般", "不满意", "非常不满意", "未评价"], dtype=object)
AGENTS = np.array(["客服-小美", "客服-小雅", "客服-阿杰", "客服-静静", "客服-晨晨"], dtype=object)
REVIEW_TEXT = {
    5: "效果很好，会回购",
    4: "还不错，物流快",
    3: "一般般，没有想象中好",
    2: "用了有点过敏",
    1: "质量差，已退货",
}


def build_sessions(world: World, final: pd.DataFrame) -> pd.DataFrame:
    rng = np.random.default_rng([world.seed, 901])
    o = world.book.orders
    pre = o[rng.random(len(o)) < 0.10]
    start_pre = pre["created_at"].to_numpy() - rng.integers(300, 7200, len(pre))
    after = final[final["refund_applied_at"].to_numpy() != NONE]
    start_after = after["refund_applied_at"].to_numpy() + rng.integers(0, 1800, len(after))
    s = pd.DataFrame(
        {
            "platform": np.r_[pre["platform"].to_numpy(), after["platform"].to_numpy()],
            "buyer_id": np.r_[pre["buyer_id"].to_numpy(), after["buyer_id"].to_numpy()],
            "order_id": np.r_[pre["order_id"].to_numpy(), after["order_id"].to_numpy()],
            "session_type": np.r_[np.full(len(pre), "售前"), np.full(len(after), "售后")],
            "started_at": np.r_[start_pre, start_after],
        }
    )
    s = s[(s["started_at"] >= world.day0) & (s["started_at"] <= world.period_end)]
    s = s.sort_values(["started_at", "order_id"], kind="stable").reset_index(drop=True)
    n = len(s)
    first = np.round(rng.lognormal(np.log(45), 0.9, n)).astype(np.int64)
    left = rng.random(n) < 0.04
    s["first_response_seconds"] = np.where(left, -1, first)
    s["avg_response_seconds"] = np.where(
        left, -1, np.round(first * rng.uniform(0.8, 1.6, n)).astype(np.int64)
    )
    dur = rng.integers(180, 1800, n)
    s["ended_at"] = s["started_at"] + dur
    after_sale = s["session_type"].to_numpy() == "售后"
    s["resolved"] = np.where(left, "否", np.where(rng.random(n) < 0.92, "是", "否"))
    s["resolution_minutes"] = np.where(
        s["resolved"] == "是",
        np.where(after_sale, rng.integers(10, 60 * 30, n), dur // 60 + 1),
        -1,
    )
    p = np.array([0.35, 0.3, 0.08, 0.03, 0.02, 0.22])
    s["satisfaction"] = SATISFACTION[rng.choice(6, size=n, p=p)]
    s["agent"] = AGENTS[rng.integers(0, len(AGENTS), n)]
    s["session_id"] = ["S" + f"{world.seed % 100:02d}{i:09d}" for i in range(n)]
    s["day"] = (s["started_at"].to_numpy() - world.day0) // DAY
    return s


def build_reviews(world: World, final: pd.DataFrame) -> pd.DataFrame:
    rng = np.random.default_rng([world.seed, 902])
    # Only the columns reviews need: a quarter of all completed lines is a big copy at the large scale.
    cols = ["platform", "order_id", "line_id", "product_id", "sku_code", "sku_index", "completed_at"]
    cols.append("refund_state")
    done = final.loc[(final["completed_at"].to_numpy() != NONE) & ~final["is_gift"].to_numpy(), cols]
    pick = done[rng.random(len(done)) < 0.25].copy()
    pick["reviewed_at"] = pick["completed_at"].to_numpy() + rng.integers(600, 3 * DAY, len(pick))
    pick = pick[pick["reviewed_at"] <= world.period_end]
    mean = world.catalog.products["mean_rating"].to_numpy()[pick["sku_index"].to_numpy()]
    # Two-thirds of reviewers give the top score; the SKU's mean sets how far the rest fall.
    drop = np.clip(rng.exponential(np.maximum(5.0 - mean, 0.05) * 1.0, len(pick)), 0, 4)
    refunded = pick["refund_state"].to_numpy() == "refunded"
    rating = np.clip(np.round(5 - drop - 1.5 * refunded), 1, 5).astype(np.int64)
    pick["rating"] = rating
    pick["content"] = [REVIEW_TEXT[int(r)] for r in rating]
    pick["has_images"] = np.where(rng.random(len(pick)) < 0.3, "是", "否")
    pick["is_follow_up"] = np.where(rng.random(len(pick)) < 0.05, "是", "否")
    pick["day"] = (pick["reviewed_at"].to_numpy() - world.day0) // DAY
    return pick.sort_values(["reviewed_at", "line_id"], kind="stable").reset_index(drop=True)
