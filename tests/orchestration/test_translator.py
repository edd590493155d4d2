"""dbt nodes land in the Dagster group of their mart domain."""

import pytest

from orchestration.dbt.translator import group_for


@pytest.mark.parametrize(
    ("fqn", "resource_type", "group"),
    [
        (["omnichannel", "staging", "tmall", "stg_tmall__orders"], "model", "staging"),
        (["omnichannel", "intermediate", "int_order_lines__unioned"], "model", "staging"),
        (["omnichannel", "marts", "channels", "channel_daily"], "model", "channel"),
        (["omnichannel", "marts", "fct_orders"], "model", "channel"),
        (["omnichannel", "marts", "customer", "customer_rfm"], "model", "customer"),
        (["omnichannel", "intermediate", "customer", "int_customer_identity"], "model", "customer"),
        (["omnichannel", "intermediate", "platforms", "int_tmall__order_lines"], "model", "staging"),
        (["omnichannel", "kpi", "kpi_daily"], "model", "kpi"),
        (["omnichannel", "order_status_map"], "seed", "seeds"),
        (["omnichannel", "misc", "something"], "model", "staging"),
    ],
)
def test_group_for_follows_the_folder_of_the_model(fqn, resource_type, group):
    assert group_for(fqn, resource_type) == group
