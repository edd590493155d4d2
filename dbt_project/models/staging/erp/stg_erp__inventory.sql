{#- 聚水潭 stock snapshots: one file per warehouse and day; the warehouse and
    snapshot date come from the file name. When the same warehouse-day was
    exported twice (a `(1)` copy with other bytes), the file loaded last wins
    for the whole warehouse-day, so a re-export replaces, never adds. -#}
with

source as (
    select * from {{ source('erp', 'inventory') }}
),

typed as (
    select
        -- keys
        {{ parse_date('_file_snapshot_date') }} as snapshot_date,
        {{ parse_text('_file_warehouse') }} as warehouse,
        {{ parse_text('sku_code') }} as sku_code,
        {{ parse_text('spu_code') }} as spu_code,
        {{ parse_text('sku_name') }} as sku_name,
        -- quantities
        {{ parse_int('on_hand_qty') }} as on_hand_qty,
        {{ parse_int('order_locked_qty') }} as order_locked_qty,
        {{ parse_int('lock_qty') }} as lock_qty,
        {{ parse_int('available_qty') }} as available_qty,
        {{ parse_int('purchase_in_transit_qty') }} as purchase_in_transit_qty,
        {{ parse_int('transfer_in_transit_qty') }} as transfer_in_transit_qty,
        {{ parse_int('safety_stock_min') }} as safety_stock_min,
        {{ parse_int('safety_stock_max') }} as safety_stock_max,
        -- lineage
        _source_file,
        _row_number,
        _loaded_at
    from source
),

ranked as (
    select
        *,
        dense_rank() over (
            partition by snapshot_date, warehouse
            order by _loaded_at desc, _source_file desc
        ) as file_rank,
        row_number() over (
            partition by snapshot_date, warehouse, _source_file, sku_code
            order by _row_number desc
        ) as row_rank
    from typed
    where sku_code is not null
),

final as (
    select
        * exclude (file_rank, row_rank),
        coalesce(purchase_in_transit_qty, 0)
        + coalesce(transfer_in_transit_qty, 0) as in_transit_qty
    from ranked
    where file_rank = 1 and row_rank = 1
)

select * from final
