"""Each great-expectations suite as a Dagster check: blocking unless warning-only, and described."""

import dagster as dg

from orchestration.quality.checks import build_gate_checks

GUARDED = {
    dg.AssetKey(k)
    for k in (["marts", "channel_daily"], ["marts", "customer_rfm"], ["marts", "inventory_health"])
}


def specs() -> dict[str, dg.AssetCheckSpec]:
    return {spec.name: spec for check in build_gate_checks(GUARDED) for spec in check.check_specs}


def test_the_anomaly_rule_is_shown_as_non_blocking_and_says_so():
    anomalies = specs()["gx_channel_daily_anomalies"]
    assert anomalies.blocking is False
    assert anomalies.description.endswith("只预警，不阻断发布 (warns, never blocks publication).")
    assert "40%" in anomalies.description


def test_every_other_gate_blocks_and_every_gate_is_described_in_chinese_and_english():
    all_specs = specs()
    assert sorted(all_specs) == [
        "gx_channel_daily_anomalies",
        "gx_channel_daily_freshness",
        "gx_customer_rfm",
        "gx_inventory_health",
    ]
    for name, spec in all_specs.items():
        assert spec.blocking is (name != "gx_channel_daily_anomalies"), name
        assert any("\u4e00" <= ch <= "\u9fff" for ch in spec.description), f"{name}: no Chinese"
        assert spec.description.split("。")[-1].strip(), f"{name}: no English"
    assert all_specs["gx_channel_daily_freshness"].description.endswith(
        "失败即阻断发布 (blocks publication when it fails)."
    )


def test_a_check_whose_table_is_not_in_the_code_location_is_left_out():
    assert build_gate_checks({dg.AssetKey(["marts", "customer_rfm"])})[0].check_specs
    assert len(build_gate_checks({dg.AssetKey(["marts", "customer_rfm"])})) == 1


def test_the_check_metadata_links_the_offline_report_and_names_the_failed_rows(tmp_path):
    from orchestration.quality.checks import gate_metadata
    from orchestration.quality.gx_runner import Failure, GateResult

    row = {"platform_name": "抖音", "date_day": "2025-11-12", "share_of_trailing_median": 0.24}
    failure = Failure("expect_column_values_to_be_between", {"column": "share"}, "warning", 1, [0.24], [row])
    index = tmp_path / "reports" / "quality" / "index.html"
    metadata = gate_metadata(GateResult("anomalies", "marts/channel_daily", 30, 1, [failure], index))
    assert metadata["quality_report"].value == str(index)
    assert metadata["failed_rows"].value == [row]
    assert (metadata["warnings"].value, metadata["blocking_failures"].value) == (1, 0)
