"""How dbt nodes become Dagster assets: keys by schema and model, groups by mart domain.

Sources resolve to the raw-table assets (`raw/<table>`), so lineage runs unbroken from a landing
file to a KPI. The catalog reads as documentation: an asset's description is the model's own (its
SQL is a code reference, not pasted under the description), every asset has an owner, and a dbt
test's description becomes its asset check's.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings
from dagster_dbt.asset_utils import default_description_fn

# Folder under models/ (or under models/marts/ or intermediate/) -> Dagster group.
DOMAIN_GROUPS = {
    "channel": "channel",
    "channels": "channel",
    "customer": "customer",
    "inventory": "inventory",
    "product": "product",
    "service": "service",
    "quality": "quality",
    "kpi": "kpi",
}
# Models directly under these folders, with no domain subfolder.
LAYER_GROUPS = {"marts": "channel", "intermediate": "staging", "staging": "staging"}
# Who answers for a model when its yml names no `meta: {owner: …}`.
DEFAULT_OWNER = "team:data-engineering"


def group_for(fqn: list[str], resource_type: str) -> str:
    """The Dagster group of a dbt node from its folder path (fqn = [project, folder…, name]).

    Order facts (fct_orders, fct_order_lines) sit at the root of marts/ and belong with the channel
    marts they feed.
    """
    if resource_type == "seed":
        return "seeds"
    folders = fqn[1:-1]
    for folder in reversed(folders):
        if folder in DOMAIN_GROUPS:
            return DOMAIN_GROUPS[folder]
    for folder in reversed(folders):
        if folder in LAYER_GROUPS:
            return LAYER_GROUPS[folder]
    return "staging"


def owners_for(props: Mapping[str, Any]) -> list[str]:
    """`meta.owner` of the node (an e-mail, `team:x`, or a bare team name), else the default team.
    dagster-dbt's own rule (meta.dagster.owners, the dbt group's e-mail) still wins when set."""
    owner = (props.get("meta") or {}).get("owner") or (props.get("config", {}).get("meta") or {}).get("owner")
    if not owner:
        return [DEFAULT_OWNER]
    owners = [owner] if isinstance(owner, str) else list(owner)
    return [o if "@" in o or o.startswith("team:") else f"team:{o}" for o in owners]


def check_description(props: Mapping[str, Any]) -> str | None:
    """A dbt test's description: the `description:` property of the test, else the one set under
    `config:` (both spellings are used in the ymls), else `meta.description` (dagster-dbt's)."""
    return (
        props.get("description")
        or (props.get("config") or {}).get("description")
        or (props.get("meta") or {}).get("description")
        or None
    )


class OmnichannelDbtTranslator(DagsterDbtTranslator):
    def __init__(self) -> None:
        # Code references: the UI links each model to its .sql file instead of pasting the SQL.
        super().__init__(
            settings=DagsterDbtTranslatorSettings(enable_asset_checks=True, enable_code_references=True)
        )

    def get_description(self, dbt_resource_props: Mapping[str, Any]) -> str:
        # Without the raw SQL dagster-dbt appends: the whole model below it buried the description.
        return default_description_fn(dbt_resource_props, display_raw_sql=False)

    def get_owners(self, dbt_resource_props: Mapping[str, Any]) -> list[str]:
        return list(super().get_owners(dbt_resource_props) or owners_for(dbt_resource_props))

    def get_asset_check_spec(
        self, asset_spec: dg.AssetSpec, manifest: Mapping[str, Any], unique_id: str, project: Any
    ) -> dg.AssetCheckSpec | None:
        spec = super().get_asset_check_spec(asset_spec, manifest, unique_id, project)
        if spec is None:
            return None
        description = check_description(_node(manifest, unique_id))
        # AssetCheckSpec has no replace_attributes; it is a named tuple underneath.
        return spec._replace(description=description) if description else spec

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: Any) -> dg.AssetSpec:
        # First, so a node missing from a stale manifest fails with what to do, not a bare KeyError.
        node = _node(manifest, unique_id)
        # Code references are a beta API: its warning (per process) would be the only lines a quiet
        # `omnichannel run` prints before its summary.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", category=dg.BetaWarning)
            spec = super().get_asset_spec(manifest, unique_id, project)
        if node["resource_type"] == "source":
            # The source's identifier is the raw table, e.g. source tmall.orders -> raw.tmall__orders.
            table = node.get("identifier") or node["name"]
            return spec.replace_attributes(key=dg.AssetKey(["raw", table]))
        key = dg.AssetKey([node.get("schema") or "main", node.get("alias") or node["name"]])
        return spec.replace_attributes(
            key=key, group_name=group_for(node.get("fqn", []), node["resource_type"])
        )


class UnknownDbtNode(LookupError):
    """A node Dagster asked about is not in the dbt manifest it loaded."""


def _node(manifest: Mapping[str, Any], unique_id: str) -> Mapping[str, Any]:
    for section in ("nodes", "sources"):
        if unique_id in manifest.get(section, {}):
            return manifest[section][unique_id]
    raise UnknownDbtNode(
        f"dbt node {unique_id!r} is in neither manifest.nodes nor manifest.sources of the manifest "
        "Dagster loaded. The manifest may be stale (a model added, renamed or moved since it was "
        "parsed): `make dev` re-parses it (or run `omnichannel dbt parse`), then reload the definitions."
    )
