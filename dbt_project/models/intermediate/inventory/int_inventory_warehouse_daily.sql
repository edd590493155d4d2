{#- A spine of snapshot date × SKU × warehouse for every SKU-warehouse pair
    ever exported, from the SKU's first appearance in any warehouse, so a SKU
    left out of a day's file shows as is_missing_from_snapshot with NULL
    quantities instead of vanishing or reading as zero. -#}
with

inventory as (
    select * from {{ ref('stg_erp__inventory') }}
),

products as (
    select * from {{ ref('int_products_latest') }}
),

snapshot_dates as (
    select distinct snapshot_date from inventory
),

pairs as (
    select distinct
        sku_code,
        warehouse,
        min(snapshot_date) over (partition by sku_code) as first_date
    from inventory
),

spine as (
    select
        snapshot_dates.snapshot_date,
        pairs.sku_code,
        pairs.warehouse
    from pairs
    inner join snapshot_dates
        on pairs.first_date <= snapshot_dates.snapshot_date
),

final as (
    select
        -- keys
        spine.snapshot_date,
        spine.sku_code,
        spine.warehouse,
        inventory.sku_code is null as is_missing_from_snapshot,
        -- quantities (NULL when missing)
        inventory.on_hand_qty,
        inventory.order_locked_qty,
        inventory.lock_qty,
        inventory.available_qty,
        inventory.purchase_in_transit_qty,
        inventory.transfer_in_transit_qty,
        case when inventory.sku_code is not null
                then inventory.in_transit_qty
        end as in_transit_qty,
        -- value
        products.unit_cost,
        -- an oversold SKU can show negative stock; it is worth nothing
        cast(
            greatest(inventory.on_hand_qty, 0) * products.unit_cost
            as decimal(18, 2)
        ) as inventory_value_at_cost,
        -- lineage
        inventory._source_file
    from spine
    left join inventory
        on spine.snapshot_date = inventory.snapshot_date
            and spine.sku_code = inventory.sku_code
            and spine.warehouse = inventory.warehouse
    left join products
        on spine.sku_code = products.sku_code
)

select * from final
