"""Pure-Python readers of platform exports (no Dagster imports): templates, sniffing, loading."""
