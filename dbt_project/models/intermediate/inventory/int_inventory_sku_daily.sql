{#- Calendar day × stocked SKU: stock summed over warehouses and sales over
    platforms, so trailing windows can count rows. A warehouse missing from a
    day's file is carried forward from its last export (is_estimated; when
    it is missing everywhere is_missing_from_snapshot is true as well). -#}
with

inventory as (
    select * from {{ ref('int_inventory_warehouse_daily') }}
),

sales as (
    select * from {{ ref('int_product_sku_sales_daily') }}
),

filled as (
    select
        *,
        {% for col in ['on_hand_qty', 'order_locked_qty', 'available_qty',
                       'in_transit_qty', 'inventory_value_at_cost'] %}
            last_value({{ col }} ignore nulls) over (
                partition by sku_code, warehouse order by snapshot_date
            ) as {{ col }}_filled{% if not loop.last %},{% endif %}
        {% endfor %}
    from inventory
),

stock as (
    select
        snapshot_date,
        sku_code,
        bool_and(is_missing_from_snapshot) as is_missing_from_snapshot,
        bool_or(is_missing_from_snapshot) as is_estimated,
        cast(sum(on_hand_qty_filled) as bigint) as on_hand_qty,
        cast(sum(order_locked_qty_filled) as bigint) as order_locked_qty,
        cast(sum(available_qty_filled) as bigint) as available_qty,
        cast(sum(in_transit_qty_filled) as bigint) as in_transit_qty,
        cast(sum(inventory_value_at_cost_filled) as decimal(18, 2))
            as inventory_value_at_cost,
        -- as exported, without carried-forward warehouses
        cast(sum(inventory_value_at_cost) as decimal(18, 2))
            as reported_inventory_value_at_cost
    from filled
    group by all
),

bounds as (
    select
        least(
            (select min(snapshot_date) from stock),
            (select min(sales_date) from sales)
        ) as first_date,
        (select max(snapshot_date) from stock) as last_date
),

calendar as (
    select
        cast(
            unnest(generate_series(first_date, last_date, interval 1 day))
            as date
        ) as date_day
    from bounds
),

skus as (
    select distinct sku_code from stock
),

final as (
    select
        calendar.date_day,
        skus.sku_code,
        stock.snapshot_date is not null as has_snapshot,
        stock.* exclude (snapshot_date, sku_code),  -- noqa: RF02
        coalesce(sales.paid_units, 0) as paid_units,
        -- sellable at the start of the day: the day's payments locked
        -- paid_units out of it (docs/inventory_and_kpi.md)
        stock.available_qty + coalesce(sales.paid_units, 0)
            as available_at_start_qty,
        coalesce(sales.sold_units, 0) as sold_units,
        coalesce(sales.gmv, 0) as gmv,
        coalesce(sales.cogs, 0) as cogs,
        least(
            datediff(
                'day', (select bounds.first_date from bounds), calendar.date_day
            ) + 1,
            365
        ) as days_of_history
    from calendar
    cross join skus
    left join stock
        on calendar.date_day = stock.snapshot_date
            and skus.sku_code = stock.sku_code
    left join sales
        on calendar.date_day = sales.sales_date
            and skus.sku_code = sales.sku_code
)

select * from final
