"""The Dagster catalog of the dbt assets reads as documentation: model descriptions without the
SQL (a code reference instead), an owner on every asset, and each dbt test's description on its
asset check."""

import dagster as dg
import pytest

from orchestration.dbt.translator import DEFAULT_OWNER, check_description, owners_for

CHANNEL_DAILY = dg.AssetKey(["marts", "channel_daily"])
KPI_SCORECARD = dg.AssetKey(["kpi", "kpi_scorecard"])


@pytest.fixture(scope="module")
def dbt_assets_def() -> dg.AssetsDefinition:
    from orchestration.dbt.assets import warehouse_dbt_models

    return warehouse_dbt_models


def test_a_mart_has_an_owner_its_model_description_and_a_link_to_its_sql(dbt_assets_def):
    spec = next(s for s in dbt_assets_def.specs if s.key == CHANNEL_DAILY)
    assert spec.owners == [DEFAULT_OWNER]
    assert spec.description and spec.description.strip()
    assert "select" not in spec.description.lower() and "raw sql" not in spec.description.lower()
    (reference,) = spec.metadata["dagster/code_references"].code_references
    assert reference.file_path.endswith("models/marts/channels/channel_daily.sql")


def test_every_dbt_asset_has_an_owner_and_no_sql_in_its_description(dbt_assets_def):
    specs = list(dbt_assets_def.specs)
    assert len(specs) > 80  # every model and seed
    assert [s.key for s in specs if not s.owners] == []
    assert [s.key for s in specs if "```sql" in (s.description or "")] == []


def test_check_specs_carry_the_dbt_tests_descriptions(dbt_assets_def):
    checks = {(c.asset_key, c.name): c for c in dbt_assets_def.check_specs}
    # `description:` on the test (kpi_scorecard.yml) ...
    label = checks[(KPI_SCORECARD, "kpi_scorecard_every_status_has_a_chinese_label")]
    assert label.description == "every status has a Chinese label in seed kpi_status_labels"
    assert label.blocking
    # ... and `config: description:` (kpi_daily.yml) both reach the check.
    shares = checks[(dg.AssetKey(["kpi", "kpi_daily"]), "kpi_daily_channel_shares_sum_to_one")]
    assert shares.description == (
        "a day with paid GMV splits it fully over the three channel groups (shares sum to 1)"
    )


@pytest.mark.parametrize(
    ("props", "owners"),
    [
        ({"meta": {}}, [DEFAULT_OWNER]),
        ({"meta": {"owner": "ops"}}, ["team:ops"]),
        ({"meta": {"owner": "li.lei@example.com"}}, ["li.lei@example.com"]),
        ({"config": {"meta": {"owner": ["team:finance", "bi"]}}}, ["team:finance", "team:bi"]),
    ],
)
def test_owner_comes_from_meta_owner_else_the_data_engineering_team(props, owners):
    assert owners_for(props) == owners


def test_a_test_without_any_description_gets_none_not_an_empty_string():
    assert check_description({"description": "", "config": {}, "meta": {}}) is None
    assert check_description({"description": "", "config": {"description": "from config"}}) == "from config"
