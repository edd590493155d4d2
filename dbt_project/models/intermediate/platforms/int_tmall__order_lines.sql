with

order_items as (
    select * from {{ ref('stg_tmall__order_items') }}
),

orders as (
    select * from {{ ref('stg_tmall__orders') }}
),

final as (
    select
        -- ids
        order_items.order_id,
        order_items.line_id,
        orders.buyer_id,
        order_items.product_id,
        order_items.sku_code,
        orders.shop_name,
        -- status: the line's own (a line can be refunded alone)
        order_items.status_text,
        order_items.canonical_status,
        order_items.status_rank,
        -- region
        orders.province,
        orders.city,
        orders.phone_hash,
        -- amounts
        order_items.quantity,
        order_items.unit_price,
        order_items.unit_price * order_items.quantity as list_amount,
        order_items.paid_amount,
        order_items.refund_amount,
        -- timestamps
        coalesce(order_items.created_at, orders.created_at) as created_at,
        coalesce(order_items.paid_at, orders.paid_at) as paid_at,
        orders.completed_at,
        case
            when order_items.refund_amount > 0
                then order_items.refund_changed_on
        end as refunded_at,
        order_items.exported_at,
        order_items.export_rows
    from order_items
    left join orders
        on order_items.order_id = orders.order_id
)

select * from final
