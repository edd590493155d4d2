"""Shop profiles: which reports a simulated shop downloads, and in which layout.

The business (and so the answer key's truth) is the same under every profile; only the files differ.
`complete` writes every report with the full template header. `partial` writes the shapes many real
shops produce: Tmall's 订单报表 without the 宝贝报表, Youzan's verbatim 36-column 商品维度 export, and no
京东商智 / 拼多多 traffic or 磁力金牛 ad reports at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# 订单报表 + 宝贝报表 (one row per line), or the 订单报表 alone (one row per order).
TmallOrders = Literal["order_list_and_items", "order_list_only"]
# The template's header (the 36 columns plus 买家付款时间 and 买家手机号), or the 36 verbatim columns.
YouzanOrders = Literal["template", "verbatim_36"]

Report = tuple[str, str]  # (platform, export_type), as in the landing folder and the templates


@dataclass(frozen=True)
class Profile:
    name: str
    summary: str
    # Reports the shop never downloads: no file is written for them.
    not_exported: frozenset[Report] = frozenset()
    tmall_orders: TmallOrders = "order_list_and_items"
    youzan_orders: YouzanOrders = "template"

    def exports(self, platform: str, export_type: str) -> bool:
        """Whether files of this report are written under this profile."""
        if (platform, export_type) == ("tmall", "order_items") and self.tmall_orders == "order_list_only":
            return False
        return (platform, export_type) not in self.not_exported


COMPLETE = Profile("complete", "every report, with the full template header")
PARTIAL = Profile(
    "partial",
    "Tmall 订单报表 only, Youzan's verbatim 36-column 商品维度 export, no JD/PDD traffic, no Kuaishou ads",
    not_exported=frozenset({("jd", "traffic"), ("pdd", "traffic"), ("kuaishou", "ads")}),
    tmall_orders="order_list_only",
    youzan_orders="verbatim_36",
)
PROFILES: dict[str, Profile] = {p.name: p for p in (COMPLETE, PARTIAL)}


def get_profile(profile: str | Profile) -> Profile:
    if isinstance(profile, Profile):
        return profile
    try:
        return PROFILES[profile]
    except KeyError:
        raise ValueError(f"unknown profile {profile!r}; expected one of {sorted(PROFILES)}") from None
