"""dbt nodes land in the Dagster group of their mart domain."""

import pytest

from orchestration.dbt.translator import group_for


@pytest.mark.parametrize(
    ("fqn", "resource_type", "group"),
    [
        (["omnichannel", "staging", "tmall", "stg_tmall__orders"], "model", "staging"),
        (["omnichannel", "intermediate", "int_order_lines_unioned"], "model", "staging"),
        (["omnichannel", "marts", "channels", "channel_daily"], "model", "channel"),
        (["omnichannel", "marts", "fct_orders"], "model", "channel"),
        (["omnichannel", "marts", "customer", "customer_rfm"], "model", "customer"),
        (["omnichannel", "intermediate", "customer", "int_customer_identity"], "model", "customer"),
        (["omnichannel", "intermediate", "platforms", "int_tmall__order_lines"], "model", "staging"),
        (["omnichannel", "intermediate", "inventory", "int_inventory_sku_daily"], "model", "inventory"),
        (["omnichannel", "intermediate", "kpi", "int_kpi_targets"], "model", "kpi"),
        (["omnichannel", "marts", "quality", "order_reconciliation"], "model", "quality"),
        (["omnichannel", "kpi", "kpi_daily"], "model", "kpi"),
        (["omnichannel", "order_status_map"], "seed", "seeds"),
        (["omnichannel", "misc", "something"], "model", "staging"),
    ],
)
def test_group_for_follows_the_folder_of_the_model(fqn, resource_type, group):
    assert group_for(fqn, resource_type) == group


def test_a_node_missing_from_the_manifest_names_it_and_says_how_to_reparse():
    """A model renamed since the manifest was parsed: the error says where it looked and what to run,
    not a bare KeyError of the unique id."""
    from orchestration.dbt.translator import OmnichannelDbtTranslator, UnknownDbtNode

    manifest = {"nodes": {}, "sources": {}, "exposures": {}, "metrics": {}}
    unique_id = "model.omnichannel_elt.int_order_lines__unioned"
    with pytest.raises(UnknownDbtNode) as raised:
        OmnichannelDbtTranslator().get_asset_spec(manifest, unique_id, None)
    message = str(raised.value)
    assert unique_id in message
    assert "neither manifest.nodes nor manifest.sources" in message
    assert "stale" in message and "`make dev` re-parses" in message


def test_manifest_is_stale_when_a_model_is_newer(tmp_path):
    import os

    from orchestration.dbt.project import manifest_is_stale

    (tmp_path / "models").mkdir()
    model = tmp_path / "models" / "m.sql"
    model.write_text("select 1")
    manifest = tmp_path / "manifest.json"
    assert manifest_is_stale(manifest, tmp_path)
    manifest.write_text("{}")
    os.utime(model, (1, 1))
    assert not manifest_is_stale(manifest, tmp_path)
    os.utime(model, None)
    os.utime(manifest, (2, 2))
    assert manifest_is_stale(manifest, tmp_path)


def test_processes_importing_at_once_parse_once_and_never_read_half_a_manifest(tmp_path):
    """Two xdist workers importing the definitions on a fresh clone both found the manifest stale,
    both ran `dbt parse` into one target folder, and one read the other's half-written JSON."""
    import multiprocessing as mp

    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "m.sql").write_text("select 1")
    manifest = tmp_path / "target" / "manifest.json"
    # spawn, not fork: a fork of an xdist worker (threads holding locks) can deadlock in the child.
    ctx = mp.get_context("spawn")
    with ctx.Pool(4) as pool:
        read = pool.map(_parse_then_read, [(manifest, tmp_path)] * 4)
    assert read == [{"nodes": 4000}] * 4
    assert (tmp_path / "parses.log").read_text() == "1\n"  # one process parsed, three waited


def _parse_then_read(args):
    import json
    import time

    from orchestration.dbt.project import parse_once

    manifest, project = args

    def slow_parse():
        with open(project / "parses.log", "a") as log:
            log.write("1\n")
        manifest.write_text('{"nodes": ')  # a writer caught halfway
        time.sleep(0.3)
        manifest.write_text(json.dumps({"nodes": 4000}))

    return json.loads(parse_once(manifest, slow_parse, project).read_text())


def test_old_dbt_run_folders_are_pruned_to_the_newest(tmp_path):
    import os

    from orchestration.dbt.project import prune_run_targets

    for i in range(8):
        run = tmp_path / f"warehouse_dbt_models-run{i}"
        run.mkdir()
        os.utime(run, (i, i))
    (tmp_path / "manifest.json").write_text("{}")
    removed = prune_run_targets("warehouse_dbt_models", tmp_path, keep=5)
    assert sorted(p.name for p in removed) == [f"warehouse_dbt_models-run{i}" for i in range(3)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json"] + [
        f"warehouse_dbt_models-run{i}" for i in range(3, 8)
    ]
