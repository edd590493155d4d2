"""The customer base: persons with a buying habit, membership, home city and platform accounts.

Non-members use exactly one platform (one buyer id). Members (~30%) may hold accounts on two or three
platforms and are joined across them by the CRM; members buy about twice as often. Persons arrive over
time (cohorts) and some churn (their buying rate drops after a churn day), so lifecycle stages mean something.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulator import geo
from simulator.calendar import BASE_SHARE, PLATFORMS
from simulator.ids import scatter, scatter_str

HABITS = np.array(["loyal", "regular", "occasional", "one_off"], dtype=object)
HABIT_SHARE = np.array([0.10, 0.25, 0.35, 0.30])
HABIT_WEIGHT = np.array([9.0, 3.0, 1.0, 0.25])
MEMBER_PROB = np.array([0.62, 0.42, 0.22, 0.12])
MEMBER_WEIGHT = 2.0
TIERS = np.array(["普通会员", "银卡会员", "金卡会员", "钻石会员"], dtype=object)


@dataclass(frozen=True)
class People:
    persons: pd.DataFrame  # one row per person, index = person index
    accounts: pd.DataFrame  # one row per (person, platform): buyer_id, weight


def _buyer_ids(platform: str, idx: np.ndarray, phones: np.ndarray) -> np.ndarray:
    if platform == "tmall":
        return scatter_str(idx, 10, 11, "tb")
    if platform == "jd":
        return np.array([f"jd_{v:08x}" for v in scatter(idx, 9, 23)], dtype=object)
    if platform == "pdd":
        return scatter_str(idx, 9, 37, "8")
    if platform == "douyin":
        return scatter_str(idx, 15, 41, "1")
    if platform == "kuaishou":
        return scatter_str(idx, 9, 53, "2")
    return phones[idx]


def build_people(n_persons: int, days: int, rng: np.random.Generator) -> People:
    n = n_persons
    idx = np.arange(n)
    habit_i = rng.choice(4, size=n, p=HABIT_SHARE)
    is_member = rng.random(n) < MEMBER_PROB[habit_i]
    # 55% of the base already exists on day 0; the rest arrive evenly (new-customer cohorts).
    existing = rng.random(n) < 0.55
    arrival = np.where(existing, -rng.integers(1, 720, n), rng.integers(0, max(days, 1), n))
    # A quarter churn some time after arriving: their rate falls to 8% from then on.
    churns = rng.random(n) < 0.25
    churn_day = np.where(churns, np.maximum(arrival, 0) + rng.integers(20, max(days, 40), n), 10**7)
    weight = HABIT_WEIGHT[habit_i] * np.where(is_member, MEMBER_WEIGHT, 1.0)
    weight = weight * rng.lognormal(0.0, 0.3, n)
    city_i = rng.choice(len(geo.CITIES), size=n, p=geo.CITY_WEIGHTS)
    phones = np.array(
        [
            f"1{p}{v:08d}"
            for p, v in zip(rng.choice([38, 39, 58, 59, 86, 87, 36, 77], n), scatter(idx, 8, 5), strict=True)
        ],
        dtype=object,
    )
    name = geo.SURNAMES[rng.integers(0, len(geo.SURNAMES), n)] + geo.GIVEN[rng.integers(0, len(geo.GIVEN), n)]
    two = rng.random(n) < 0.5
    name = np.where(two, name + geo.GIVEN[rng.integers(0, len(geo.GIVEN), n)], name)

    # Primary platform by channel share; members lean to the private domain (youzan).
    base = np.array([BASE_SHARE[p] for p in PLATFORMS])
    member_pref = base * np.array([1.0, 0.9, 0.6, 0.8, 0.7, 1.6])
    primary = np.where(
        is_member,
        rng.choice(6, size=n, p=member_pref / member_pref.sum()),
        rng.choice(6, size=n, p=base / base.sum()),
    )
    persons = pd.DataFrame(
        {
            "person_index": idx,
            "person_id": scatter_str(idx, 8, 3, "P"),
            "habit": HABITS[habit_i],
            "is_member": is_member,
            "arrival_day": arrival,
            "churn_day": churn_day,
            "weight": weight,
            "city_index": city_i,
            "province": geo.PROVINCE[city_i],
            "city": geo.CITY[city_i],
            "phone": phones,
            "name": name,
            "gender": np.where(rng.random(n) < 0.82, "女", "男"),
            "birth_year": rng.integers(1970, 2006, n),
            "birth_doy": rng.integers(0, 365, n),
            "primary_platform": np.array(PLATFORMS, dtype=object)[primary],
        }
    )
    member_rank = np.cumsum(is_member) - 1
    persons["member_id"] = np.where(is_member, scatter_str(np.maximum(member_rank, 0), 8, 19, "M"), None)
    persons["tier"] = np.where(is_member, TIERS[np.clip(3 - habit_i + rng.integers(-1, 1, n), 0, 3)], None)

    # Accounts: the primary for everyone; members add 0-2 secondary platforms with less weight.
    rows_person = [idx]
    rows_platform = [primary]
    rows_weight = [np.ones(n)]
    members = np.flatnonzero(is_member)
    extra = rng.choice(3, size=len(members), p=[0.35, 0.45, 0.20])
    for k in (1, 2):
        who = members[extra >= k]
        plat = (primary[who] + rng.integers(1, 6, len(who)) * k) % 6
        keep = plat != primary[who]
        rows_person.append(who[keep])
        rows_platform.append(plat[keep])
        rows_weight.append(np.full(keep.sum(), 0.4))
    acc = pd.DataFrame(
        {
            "person_index": np.concatenate(rows_person),
            "platform_index": np.concatenate(rows_platform),
            "share": np.concatenate(rows_weight),
        }
    ).drop_duplicates(["person_index", "platform_index"], keep="first")
    acc = acc.sort_values(["platform_index", "person_index"], kind="stable").reset_index(drop=True)
    acc["platform"] = np.array(PLATFORMS, dtype=object)[acc["platform_index"].to_numpy()]
    acc["is_primary"] = acc["share"] == 1.0
    buyer = np.empty(len(acc), dtype=object)
    for k, p in enumerate(PLATFORMS):
        m = acc["platform_index"].to_numpy() == k
        buyer[m] = _buyer_ids(p, acc.loc[m, "person_index"].to_numpy(), phones)
    acc["buyer_id"] = buyer
    return People(persons, acc)
