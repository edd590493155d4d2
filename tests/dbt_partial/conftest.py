"""One tiny simulation written with the `partial` shop profile (the Tmall 订单报表 without its
宝贝报表, the verbatim 36-column Youzan export, no JD/PDD traffic, no Kuaishou ads), ingested and
built once per session."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from ingestion.load import IngestReport
from omnichannel_config import Paths, paths_under
from tests.conftest import TINY_DAYS, TINY_SEED, TINY_START
from tests.dbt_runner import DbtBuild


@dataclass(frozen=True)
class PartialBuild:
    paths: Paths
    report: IngestReport
    build: DbtBuild


@pytest.fixture(scope="session")
def partial(tmp_path_factory: pytest.TempPathFactory) -> PartialBuild:
    from ingestion.load import ingest
    from simulator.api import simulate
    from tests.dbt_runner import run_dbt

    paths = paths_under(tmp_path_factory.mktemp("partial") / "data")
    simulate(
        scale="tiny",
        seed=TINY_SEED,
        out=paths.landing_dir,
        answer_key=paths.answer_key_dir,
        start=TINY_START,
        days=TINY_DAYS,
        profile="partial",
    )
    report = ingest(landing=paths.landing_dir, warehouse=paths.warehouse, quarantine=paths.quarantine_dir)
    # Unit tests check SQL on fixed rows, the same whatever the exports: the main build runs them.
    build = run_dbt(paths, "build", "--exclude-resource-type", "unit_test")
    return PartialBuild(paths, report, build)
