{#- Snapshot date × SKU × warehouse: the spine and its stock as built in
    int_inventory_warehouse_daily (the intermediate inventory models read
    that, not this mart). -#}
with

inventory as (
    select * from {{ ref('int_inventory_warehouse_daily') }}
),

final as (
    select
        -- keys
        snapshot_date,
        sku_code,
        warehouse,
        is_missing_from_snapshot,
        -- quantities (NULL when missing)
        on_hand_qty,
        order_locked_qty,
        lock_qty,
        available_qty,
        purchase_in_transit_qty,
        transfer_in_transit_qty,
        in_transit_qty,
        -- value
        unit_cost,
        inventory_value_at_cost,
        -- lineage
        _source_file
    from inventory
)

select * from final
