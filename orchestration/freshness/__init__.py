"""Freshness in the Dagster UI: dbt source freshness on the raw tables, and the KPI tables' deadline."""
