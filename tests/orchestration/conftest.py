"""The dbt manifest is prepared before any test here imports the definitions (which, outside
`dagster dev`, read it and never parse at import). prepare_manifest parses only when the manifest is
missing or stale, under a lock, so parallel workers parse once."""

from orchestration.dbt.project import prepare_manifest

prepare_manifest()
