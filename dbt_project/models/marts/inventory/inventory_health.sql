{#- Health of every stocked SKU on every snapshot date (filter
    is_latest_snapshot for today). Rules: docs/inventory_and_kpi.md.
    abc_class_cn: A A类重点, B B类一般, C C类次要. -#}
with

sku_trailing as (
    select * from {{ ref('int_inventory_sku_trailing') }}
    where has_snapshot
),

abc as (
    select * from {{ ref('int_inventory_abc_daily') }}
),

products as (
    select * from {{ ref('int_products_latest') }}
),

measures as (
    select
        sku_trailing.*,
        abc.abc_class,
        products.spu_code,
        products.category,
        products.unit_cost,
        products.lead_time_days,
        {{ inventory_days_of_cover('sku_trailing.available_qty',
                                   'sku_trailing.avg_daily_units_28d') }}
            as days_of_cover,
        sku_trailing.avg_inventory_value_28d
        / nullif(sku_trailing.avg_daily_cogs_28d, 0) as turnover_days,
        coalesce(sku_trailing.avg_daily_cogs_28d, 0) * 91
        / nullif(sku_trailing.avg_inventory_value_28d, 0)
            as turns_per_quarter,
        sku_trailing.units_sold_28d / nullif(
            sku_trailing.units_sold_28d
            + greatest(sku_trailing.on_hand_qty, 0), 0
        ) as sell_through_28d
    from sku_trailing
    left join abc
        on sku_trailing.date_day = abc.date_day
            and sku_trailing.sku_code = abc.sku_code
    left join products
        on sku_trailing.sku_code = products.sku_code
),

final as (
    select
        -- keys
        date_day as snapshot_date,
        sku_code,
        spu_code,
        category,
        abc_class,
        case abc_class
            when 'A' then 'A类重点'
            when 'B' then 'B类一般'
            when 'C' then 'C类次要'
        end as abc_class_cn,
        date_day = max(date_day) over () as is_latest_snapshot,
        is_missing_from_snapshot,
        is_estimated,
        -- stock
        on_hand_qty,
        order_locked_qty,
        available_qty,
        available_at_start_qty,
        paid_units,
        in_transit_qty,
        unit_cost,
        inventory_value_at_cost,
        reported_inventory_value_at_cost,
        -- demand and turnover
        units_sold_28d,
        units_sold_60d,
        gmv_90d,
        avg_daily_units_28d,
        days_of_cover,
        lead_time_days,
        avg_inventory_value_28d,
        avg_daily_cogs_28d,
        turnover_days,
        turns_per_quarter,
        sell_through_28d,
        -- flags
        coalesce(available_at_start_qty <= 0 and units_sold_28d > 0, false)
            as is_stockout,
        coalesce(
            not (available_at_start_qty <= 0 and units_sold_28d > 0)
            and days_of_cover < lead_time_days, false
        ) as is_stockout_risk,
        coalesce(days_of_cover > {{ var('overstock_cover_days', 90) }}, false)
            as is_overstock,
        coalesce(units_sold_60d = 0 and on_hand_qty > 0, false)
            as is_slow_moving,
        cast(
            {{ inventory_reorder_qty('avg_daily_units_28d', 'lead_time_days',
                                      'available_qty', 'in_transit_qty') }}
            as bigint
        ) as suggested_reorder_qty
    from measures
)

select * from final
