{#-
    Incremental builds of the order-state models (docs/incremental.md).

    An order-state model keeps one row per line (or order) computed by
    latest_line_state from *every* export row of that line. An incremental run
    therefore re-computes whole orders: it takes every raw row of every order
    that has at least one row
      - loaded after the newest load already in the model (`_loaded_at`), or
      - exported within var('incremental_lookback_days') (30) days before the
        newest export already in the model (late status changes, refunds and
        re-exports of recent orders; belt and braces for the load-time rule),
    and replaces those orders' rows (delete+insert on the model's unique key).
    Applied to the raw source of a model (`where` of its `source` CTE), so
    parsing and the window functions of latest_line_state only see the rows
    of the selected orders.
    Rows of other orders are left as they are: nothing about them changed.
    A full refresh (`dbt build --full-refresh`) recomputes everything; run it
    after raw rows were deleted or rewritten.
-#}
{% macro incremental_order_scope(
    raw_relation, exported_at, order_key='order_id'
) -%}
    {#- unit tests render models without `this`: never incremental there -#}
    {%- if this is not none and is_incremental() -%}
    where {{ order_key }} in (
        select {{ order_key }}
        from {{ raw_relation }}
        -- an empty model (a platform's first exports) takes every row
        where _loaded_at > coalesce(
            (select max(_loaded_at) from {{ this }}),
            timestamptz '1970-01-01 00:00:00+00'
        )
            or {{ exported_at }} >= (
                select max(exported_at) from {{ this }}
            ) - to_days({{ var('incremental_lookback_days', 30) | int }})
    )
    {%- endif -%}
{%- endmacro %}

{#- Config shared by the incremental order-state models. -#}
{% macro order_state_incremental_config(unique_key) -%}
    {{ config(
        materialized='incremental',
        unique_key=unique_key,
        incremental_strategy='delete+insert',
        on_schema_change='fail',
    ) }}
{%- endmacro %}
