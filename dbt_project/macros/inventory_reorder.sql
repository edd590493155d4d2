{#- Suggested reorder quantity (docs/inventory_and_kpi.md):
        demand over lead time + safety stock − available − in transit,
    where demand = average daily units × lead time and safety stock =
    average daily units × var('safety_stock_days', 7); rounded up, never
    below zero. A negative available (oversold) raises the order. -#}
{% macro inventory_reorder_qty(avg_daily_units, lead_time_days, available_qty,
                               in_transit_qty) -%}
    greatest(
        0,
        ceil(
            {{ avg_daily_units }} * (
                coalesce({{ lead_time_days }}, 0)
                + {{ var('safety_stock_days', 7) }}
            )
            - coalesce({{ available_qty }}, 0)
            - coalesce({{ in_transit_qty }}, 0)
        )
    )
{%- endmacro %}

{#- Days the sellable stock lasts at the average daily rate; NULL when
    nothing sold (cover is unbounded, see slow-moving instead). -#}
{% macro inventory_days_of_cover(available_qty, avg_daily_units) -%}
    case
        when {{ avg_daily_units }} > 0
            then greatest({{ available_qty }}, 0) / {{ avg_daily_units }}
    end
{%- endmacro %}
