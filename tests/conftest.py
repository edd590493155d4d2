"""Fixtures shared across test folders: one tiny simulation per test session, its answer key, and
a warehouse ingested from it. Each xdist worker builds its own copy under its own tmp folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from omnichannel_config import Paths, paths_under

TINY_SEED = 7
# A window that holds Double 11 preheat and burst, so promotion logic has something to find.
TINY_START = "2025-10-20"
TINY_DAYS = 30


@pytest.fixture(scope="session")
def tiny_paths(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    return paths_under(tmp_path_factory.mktemp("tiny") / "data")


@pytest.fixture(scope="session")
def tiny_simulation(tiny_paths: Paths):
    """Exports and answer key of the tiny scale, written once per session."""
    from simulator.api import simulate

    return simulate(
        scale="tiny",
        seed=TINY_SEED,
        out=tiny_paths.landing_dir,
        answer_key=tiny_paths.answer_key_dir,
        start=TINY_START,
        days=TINY_DAYS,
    )


@pytest.fixture(scope="session")
def answer_key_dir(tiny_paths: Paths, tiny_simulation) -> Path:
    return tiny_paths.answer_key_dir


@pytest.fixture(scope="session")
def tiny_ingested(tiny_paths: Paths, tiny_simulation):
    """The tiny landing folder ingested into a fresh warehouse; returns the ingestion report."""
    from ingestion.load import ingest

    return ingest(
        landing=tiny_paths.landing_dir,
        warehouse=tiny_paths.warehouse,
        quarantine=tiny_paths.quarantine_dir,
    )


@pytest.fixture(scope="session")
def tiny_dbt_build(tiny_paths: Paths, tiny_ingested):
    """`dbt build` (seeds, models, data tests, unit tests) of the whole project, once per session;
    every test folder that reads marts shares it."""
    from tests.dbt_runner import run_dbt

    return run_dbt(tiny_paths, "build")
