"""Tables derived from the world once, before the export workers fork: final line states, traffic,
ads, per-warehouse stock, CS sessions, reviews and CRM members."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from simulator.calendar import PLATFORMS
from simulator.exports.crm import member_bindings
from simulator.exports.erp import warehouse_split
from simulator.marketing import build_ads, build_traffic
from simulator.service import build_reviews, build_sessions
from simulator.snapshots import appearances, final_lines
from simulator.world import World


@dataclass
class Derived:
    final: pd.DataFrame
    traffic: pd.DataFrame
    ads: pd.DataFrame
    inv_wh: pd.DataFrame
    sessions: pd.DataFrame
    reviews: pd.DataFrame
    members: pd.DataFrame
    bindings: pd.DataFrame


def derive(world: World) -> Derived:
    final = final_lines(world)
    traffic = build_traffic(world)
    ads = build_ads(world, traffic)
    inv_wh = warehouse_split(world.inventory)
    sessions = build_sessions(world, final)
    reviews = build_reviews(world, final)
    members, bindings = member_bindings(world, final)
    for p in PLATFORMS:
        appearances(world, p)  # cached on the world, so every forked worker shares one copy
    return Derived(final, traffic, ads, inv_wh, sessions, reviews, members, bindings)
