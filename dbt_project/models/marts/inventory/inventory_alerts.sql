{#- Today's actionable list: one row per SKU and alert on the latest
    snapshot date. value_at_cost is what is at stake at cost: the suggested
    order for stock-outs and risks, the stock beyond the overstock cover for
    overstock, all stock on hand for slow movers. alert_type_cn: stockout
    缺货, stockout_risk 缺货风险, overstock 库存积压, slow_moving 滞销. -#}
with

health as (
    select * from {{ ref('inventory_health') }}
    where is_latest_snapshot
),

alerts as (
    select
        *,
        'stockout' as alert_type,
        1 as alert_rank
    from health
    where is_stockout
    union all
    select
        *,
        'stockout_risk' as alert_type,
        2 as alert_rank
    from health
    where is_stockout_risk
    union all
    select
        *,
        'overstock' as alert_type,
        3 as alert_rank
    from health
    where is_overstock
    union all
    select
        *,
        'slow_moving' as alert_type,
        4 as alert_rank
    from health
    where is_slow_moving
),

final as (
    select
        -- keys
        snapshot_date as alert_date,
        sku_code,
        alert_type,
        case alert_type
            when 'stockout' then '缺货'
            when 'stockout_risk' then '缺货风险'
            when 'overstock' then '库存积压'
            when 'slow_moving' then '滞销'
        end as alert_type_cn,
        abc_class,
        abc_class_cn,
        category,
        -- why
        case alert_type
            when 'stockout'
                then 'available at start ' || available_at_start_qty
                    || ' while ' || units_sold_28d || ' units sold in 28 days'
            when 'stockout_risk'
                then 'cover ' || round(days_of_cover, 1)
                    || ' days < lead time ' || lead_time_days || ' days, '
                    || in_transit_qty || ' in transit'
            when 'overstock'
                then 'cover ' || round(days_of_cover, 1)
                    || ' days > {{ var("overstock_cover_days", 90) }} days'
            else 'no sales in 60 days, ' || on_hand_qty || ' on hand'
        end as reason,
        -- stock and demand
        on_hand_qty,
        available_qty,
        in_transit_qty,
        avg_daily_units_28d,
        days_of_cover,
        lead_time_days,
        unit_cost,
        case when alert_type in ('stockout', 'stockout_risk')
                then suggested_reorder_qty
        end as suggested_reorder_qty,
        -- value at cost
        cast(case alert_type
            when 'overstock'
                then greatest(
                        on_hand_qty - avg_daily_units_28d
                        * {{ var('overstock_cover_days', 90) }}, 0
                    ) * unit_cost
            when 'slow_moving' then inventory_value_at_cost
            else suggested_reorder_qty * unit_cost
        end as decimal(18, 2)) as value_at_cost,
        -- order: stock-outs of A items first
        row_number() over (
            order by alert_rank asc, abc_class asc, gmv_90d desc, sku_code asc
        ) as priority
    from alerts
)

select * from final
