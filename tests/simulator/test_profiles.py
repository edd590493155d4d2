"""Shop profiles: `complete` writes the very bytes it always wrote; `partial` leaves out the reports real
shops skip, writes Youzan's verbatim 36-column header, and changes no other byte."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from simulator import answer_key as ak
from simulator import cli
from simulator.api import MANIFEST_NAME, SimulationResult, simulate
from simulator.export_plan import TASK_REPORTS, runs_under
from simulator.exports.common import Sink, template
from simulator.exports.youzan import VERBATIM_HEADERS
from simulator.profiles import COMPLETE, PARTIAL, Profile, get_profile
from tests.conftest import TINY_DAYS, TINY_SEED, TINY_START

# sha256 of the tiny landing folder (seed 7, 2025-10-20 + 30 days, manifest included), computed with
# `landing_sha256` from the simulator as it was before profiles existed: `complete` must not move a byte.
PINNED_COMPLETE_SHA256 = "ef30a7c032472ddea99df57a7ef0135abc79d4234794644456e8da51231e359f"

SKIPPED_BY_PARTIAL = ("tmall/order_items", "jd/traffic", "kuaishou/ads", "pdd/traffic")


@dataclass(frozen=True)
class Run:
    result: SimulationResult
    landing: Path
    key: Path

    def files(self) -> dict[str, bytes]:
        """Every export's bytes by landing-relative path (the manifest left out)."""
        return {
            p.relative_to(self.landing).as_posix(): p.read_bytes()
            for p in sorted(self.landing.rglob("*"))
            if p.is_file() and p.name != MANIFEST_NAME
        }


def landing_sha256(root: Path) -> str:
    """One hash over every file's relative path, length and bytes, in path order."""
    h = hashlib.sha256()
    for p in sorted(root.rglob("*"), key=lambda p: p.relative_to(root).as_posix()):
        if p.is_file():
            data = p.read_bytes()
            h.update(p.relative_to(root).as_posix().encode("utf-8") + b"\0")
            h.update(len(data).to_bytes(8, "big"))
            h.update(data)
    return h.hexdigest()


def _simulate(root: Path, profile: str) -> Run:
    # Own folders rather than the session fixtures: the pinned hash needs a folder no test touched.
    result = simulate(
        scale="tiny",
        seed=TINY_SEED,
        out=root / "landing",
        answer_key=root / "key",
        start=TINY_START,
        days=TINY_DAYS,
        profile=profile,
    )
    return Run(result, root / "landing", root / "key")


@pytest.fixture(scope="module")
def complete(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return _simulate(tmp_path_factory.mktemp("complete"), "complete")


@pytest.fixture(scope="module")
def partial(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return _simulate(tmp_path_factory.mktemp("partial"), "partial")


def test_complete_is_byte_identical_to_the_pinned_hash(complete):
    assert complete.result.profile == "complete"
    assert landing_sha256(complete.landing) == PINNED_COMPLETE_SHA256


def test_partial_writes_none_of_the_reports_it_skips(complete, partial):
    for folder in SKIPPED_BY_PARTIAL:
        assert any((complete.landing / folder).iterdir()), f"complete should write {folder}"
        written = partial.landing / folder
        assert not written.exists() or not any(written.iterdir()), folder


def test_partial_youzan_header_is_the_verbatim_36(partial):
    assert len(VERBATIM_HEADERS) == 36 == len(set(VERBATIM_HEADERS))
    assert "买家付款时间" not in VERBATIM_HEADERS and "买家手机号" not in VERBATIM_HEADERS
    files = sorted((partial.landing / "youzan" / "orders").iterdir())
    assert len(files) == TINY_DAYS
    expected = ",".join(VERBATIM_HEADERS).encode("utf-8")
    for f in files:
        data = f.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), f.name
        assert data[3:].split(b"\r\n", 1)[0] == expected, f.name


def _csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def test_partial_youzan_values_are_the_complete_columns_of_the_same_header(complete, partial):
    full, part = complete.files(), partial.files()
    names = sorted(p for p in part if p.startswith("youzan/orders/"))
    assert names == sorted(p for p in full if p.startswith("youzan/orders/"))
    rows = 0
    for name in names:
        want = [{h: r[h] for h in VERBATIM_HEADERS} for r in _csv(full[name])]
        assert _csv(part[name]) == want, name
        rows += len(want)
    assert rows > 0


def test_partial_tmall_order_lists_are_byte_identical(complete, partial):
    full, part = complete.files(), partial.files()
    lists = sorted(p for p in full if p.startswith("tmall/orders/"))
    assert len(lists) == TINY_DAYS
    assert sorted(p for p in part if p.startswith("tmall/orders/")) == lists
    assert all(part[p] == full[p] for p in lists)


def test_every_other_file_is_byte_identical(complete, partial):
    full, part = complete.files(), partial.files()
    skipped = tuple(f"{folder}/" for folder in SKIPPED_BY_PARTIAL)
    kept = {p for p in full if not p.startswith(skipped)}
    assert set(part) == kept
    changed = sorted(p for p in kept if part[p] != full[p])
    assert changed == sorted(p for p in kept if p.startswith("youzan/orders/"))


def test_manifest_and_answer_key_list_only_the_files_written(partial):
    on_disk = set(partial.files())
    manifest = (partial.landing / MANIFEST_NAME).read_text(encoding="utf-8").split()
    assert set(manifest) == on_disk and len(manifest) == len(on_disk) == partial.result.files
    listed = duckdb.sql(f"select path from '{partial.key / 'files.parquet'}'").fetchall()
    assert sorted(r[0] for r in listed) == sorted(on_disk)


@pytest.mark.parametrize("run_name", ["complete", "partial"])
def test_answer_key_records_the_profile(request, run_name):
    run: Run = request.getfixturevalue(run_name)
    path = run.key / "simulation.parquet"
    row = duckdb.sql(
        f"select profile, scale, seed, start_date::varchar, days, files from '{path}'"
    ).fetchall()
    assert row == [(run_name, "tiny", TINY_SEED, TINY_START, TINY_DAYS, run.result.files)]


@pytest.mark.parametrize("table", sorted(ak.TABLES))
def test_the_truth_does_not_depend_on_the_profile(complete, partial, table):
    a, b = complete.key / f"{table}.parquet", partial.key / f"{table}.parquet"
    only_a = f"from '{a}' except all from '{b}'"
    only_b = f"from '{b}' except all from '{a}'"
    diff = duckdb.sql(f"select count(*) from (({only_a}) union all ({only_b}))").fetchone()[0]
    assert diff == 0


def test_rerun_with_another_profile_removes_the_skipped_files(tmp_path):
    _simulate(tmp_path, "complete")
    _simulate(tmp_path, "partial")
    for folder in SKIPPED_BY_PARTIAL:
        assert not any((tmp_path / "landing" / folder).iterdir()), folder


def test_sink_refuses_a_report_the_profile_leaves_out(tmp_path):
    with pytest.raises(ValueError, match="does not export jd/traffic"):
        Sink(tmp_path, PARTIAL).write(
            template("jd", "traffic"),
            "京东商智_店铺概况_20251020.xlsx",
            b"",
            file_type="xlsx",
            encoding="utf-8",
            rows=0,
        )
    assert not any(tmp_path.iterdir())


def test_plan_drops_a_task_only_when_the_profile_skips_all_its_reports():
    assert all(runs_under(name, COMPLETE) for name in TASK_REPORTS)
    assert all(runs_under(name, PARTIAL) for name in TASK_REPORTS)  # partial only thins tasks out
    no_settlement = Profile("x", "no settlement", not_exported=frozenset({("jd", "settlement")}))
    assert not runs_under("jd_settlement", no_settlement)
    assert runs_under("answer_key", no_settlement)


def test_profiles_by_name():
    assert get_profile("partial") is PARTIAL and get_profile(COMPLETE) is COMPLETE
    with pytest.raises(ValueError, match="unknown profile 'bogus'"):
        get_profile("bogus")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="omnichannel")
    cli.register(parser.add_subparsers(dest="command"))
    return parser


def test_cli_profile_option(monkeypatch, capsys):
    base = ["simulate", "--out", "o", "--answer-key", "k"]
    assert _parser().parse_args(base).profile == "complete"

    def fake(**kwargs) -> SimulationResult:  # the option reaches simulate(); nothing is written
        day = dt.date.fromisoformat(TINY_START)
        return SimulationResult(Path("o"), Path("k"), 1, 1, 1, day, day, 0.0, profile=kwargs["profile"])

    monkeypatch.setattr("simulator.api.simulate", fake)
    assert cli.run(_parser().parse_args([*base, "--profile", "partial"])) == 0
    assert "(partial profile)" in capsys.readouterr().out

    with pytest.raises(SystemExit) as exc:
        _parser().parse_args([*base, "--profile", "bogus"])
    assert exc.value.code == 2
    assert "argument --profile: invalid choice: 'bogus'" in capsys.readouterr().err.splitlines()[-1]
