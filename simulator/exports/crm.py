"""The brand CRM's 会员列表: day 1 is a full export, later days list the members who joined or bound a
new platform account that day, with every account bound by the end of the day."""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.exports.common import Sink, join_rows, quote_minimal, split_by, template, ts
from simulator.world import World

ACCOUNT_COLUMNS = {
    "tmall": "淘宝昵称",
    "jd": "京东账号",
    "pdd": "拼多多ID",
    "douyin": "抖音ID",
    "kuaishou": "快手ID",
    "youzan": "有赞手机号",
}
JOIN_CHANNEL = {
    "tmall": "天猫旗舰店",
    "jd": "京东旗舰店",
    "pdd": "拼多多旗舰店",
    "douyin": "抖音小店",
    "kuaishou": "快手小店",
    "youzan": "有赞微商城",
}
NEVER = np.iinfo(np.int64).max


def member_bindings(world: World, final: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(members, bindings). A member's account is bound when the member joins (primary platform) or,
    at the latest, when that account places its first order."""
    persons = world.people.persons
    acc = world.people.accounts
    mem = persons[persons["is_member"]].copy()
    rng = np.random.default_rng([world.seed, 951])
    first = final.groupby("person_index")["created_at"].min()
    planned = world.day0 + mem["arrival_day"].to_numpy() * 86400 + rng.integers(8 * 3600, 22 * 3600, len(mem))
    first_order = first.reindex(mem["person_index"]).to_numpy()
    first_order = np.where(np.isnan(first_order), np.inf, first_order)
    joined = np.minimum(planned, first_order - rng.integers(60, 600, len(mem))).astype(np.int64)
    mem["joined_at"] = joined
    macc = acc[acc["person_index"].isin(mem["person_index"])].copy()
    first_acc = final.groupby(["person_index", "platform"])["created_at"].min()
    fo = first_acc.reindex(pd.MultiIndex.from_arrays([macc["person_index"], macc["platform"]])).to_numpy()
    join_t = pd.Series(joined, index=mem["person_index"].to_numpy()).reindex(macc["person_index"]).to_numpy()
    bound = np.where(macc["is_primary"].to_numpy(), join_t, np.where(np.isnan(fo), -1, fo - 30))
    macc["bound_at"] = np.maximum(bound, np.where(bound < 0, -1, join_t)).astype(np.int64)
    macc = macc[macc["bound_at"] >= 0]
    return mem, macc


def _member_cells(world: World, mem: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(the ten quoted cells before the account ids, the quoted 积分 cell) of each member."""
    birth_year = mem["birth_year"].to_numpy().astype(np.int64)
    jan1 = (birth_year - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    birthday = np.datetime_as_string(jan1 + mem["birth_doy"].to_numpy().astype(np.int64), unit="D")
    primary = mem["primary_platform"].to_numpy()
    head = [
        mem["member_id"].to_numpy(),
        mem["phone"].to_numpy(),
        mem["name"].to_numpy(),
        mem["gender"].to_numpy(),
        birthday.astype(object),
        ts(mem["joined_at"].to_numpy()),
        mem["tier"].to_numpy(),
        pd.Series(primary, dtype=object).map(JOIN_CHANNEL).to_numpy(),
        mem["province"].to_numpy(),
        mem["city"].to_numpy(),
    ]
    points = (
        np.trunc(mem["weight"].to_numpy().astype(float) * 100).astype(np.int64).astype(str).astype(object)
    )
    return join_rows([quote_minimal(np.asarray(c, dtype=object)) for c in head]), quote_minimal(points)


def _listings(world: World, mem: pd.DataFrame, bindings: pd.DataFrame) -> pd.DataFrame:
    """(day, member position) of every listing, by day then person: a member is listed on the day they
    join and on each day an account is bound; events before the window go to the first file."""
    pos_of = pd.Series(np.arange(len(mem)), index=mem["person_index"].to_numpy())
    ev = pd.DataFrame(
        {
            "m": np.r_[np.arange(len(mem)), pos_of.reindex(bindings["person_index"]).to_numpy()],
            "t": np.r_[mem["joined_at"].to_numpy(), bindings["bound_at"].to_numpy()],
        }
    )
    ev["day"] = np.maximum((ev["t"].to_numpy() - world.day0) // 86400, 0)
    ev = ev[ev["day"] < world.days].drop_duplicates(["m", "day"])
    # Members are in person order, so sorting by position sorts by person.
    return ev.sort_values(["day", "m"], kind="stable")[["day", "m"]].reset_index(drop=True)


def export_members(world: World, sink: Sink, mem: pd.DataFrame, bindings: pd.DataFrame) -> None:
    tpl = template("crm", "members")
    mem = mem.sort_values("person_index", kind="stable").reset_index(drop=True)
    head, points = _member_cells(world, mem)
    lst = _listings(world, mem, bindings)
    m = lst["m"].to_numpy().astype(np.int64)
    day = lst["day"].to_numpy().astype(np.int64)
    as_of = world.day0 + (day + 1) * 86400 - 1
    keep = mem["joined_at"].to_numpy()[m] <= as_of
    m, day, as_of = m[keep], day[keep], as_of[keep]
    # Each account id shows once it is bound by the end of the listing day.
    pos_of = pd.Series(np.arange(len(mem)), index=mem["person_index"].to_numpy())
    bm = pos_of.reindex(bindings["person_index"]).to_numpy().astype(np.int64)
    ids = []
    for p in ACCOUNT_COLUMNS:
        sel = bindings["platform"].to_numpy() == p
        bound = np.full(len(mem), NEVER, dtype=np.int64)
        buyer = np.full(len(mem), "", dtype=object)
        bound[bm[sel]] = bindings["bound_at"].to_numpy()[sel]
        buyer[bm[sel]] = bindings["buyer_id"].to_numpy()[sel]
        ids.append(quote_minimal(np.where(bound[m] <= as_of, buyer[m], "").astype(object)))
    lines = join_rows([head[m], *ids, points[m]])
    header = ",".join(tpl.headers)
    per_day = dict(split_by(day))
    empty = np.empty(0, dtype=np.int64)
    for i, d in enumerate(world.dates):
        pos = per_day.get(i, empty)
        text = "\r\n".join([header, *lines[pos].tolist()]) + "\r\n"
        data = ("\ufeff" + text).encode("utf-8")
        name = f"会员列表_{d:%Y%m%d}.csv"
        sink.write(tpl, name, data, file_type="csv", encoding="utf-8-sig", rows=len(pos), period=(d, d))
