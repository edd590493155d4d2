"""How dbt nodes become Dagster assets: keys by schema and model, groups by mart domain.

Sources resolve to the raw-table assets (`raw/<table>`), so lineage runs unbroken from a landing
file to a KPI.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings

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


class OmnichannelDbtTranslator(DagsterDbtTranslator):
    def __init__(self) -> None:
        super().__init__(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: Any) -> dg.AssetSpec:
        # First, so a node missing from a stale manifest fails with what to do, not a bare KeyError.
        node = _node(manifest, unique_id)
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
