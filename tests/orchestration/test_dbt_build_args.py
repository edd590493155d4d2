"""The daily run leaves dbt's unit tests to CI unless asked for them."""

from __future__ import annotations

from orchestration.dbt.build_args import build_args


def test_daily_build_excludes_unit_tests(monkeypatch):
    monkeypatch.delenv("OMNI_DBT_UNIT_TESTS", raising=False)
    monkeypatch.delenv("OMNI_DBT_FULL_REFRESH", raising=False)
    assert build_args() == ["build", "--exclude-resource-type", "unit_test"]


def test_unit_tests_can_be_asked_for(monkeypatch):
    monkeypatch.setenv("OMNI_DBT_UNIT_TESTS", "1")
    monkeypatch.delenv("OMNI_DBT_FULL_REFRESH", raising=False)
    assert build_args() == ["build"]


def test_a_full_refresh_can_be_asked_for(monkeypatch):
    """After an upgrade that changed an order-state model's columns, dbt stops with "schemas out of
    sync" until the incremental models are rebuilt once."""
    monkeypatch.delenv("OMNI_DBT_UNIT_TESTS", raising=False)
    monkeypatch.setenv("OMNI_DBT_FULL_REFRESH", "1")
    assert build_args() == ["build", "--exclude-resource-type", "unit_test", "--full-refresh"]
