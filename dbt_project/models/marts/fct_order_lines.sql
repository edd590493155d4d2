with

order_lines as (
    select * from {{ ref('int_order_lines_enriched') }}
),

orders as (
    select * from {{ ref('int_orders_aggregated') }}
),

channel_groups as (
    select * from {{ ref('channel_groups') }}
),

final as (
    select
        -- ids
        order_lines.order_line_key,
        order_lines.order_key,
        order_lines.platform,
        channel_groups.platform_name as platform_name_cn,
        order_lines.order_id,
        order_lines.line_id,
        order_lines.channel_group,
        channel_groups.channel_group_name as channel_group_cn,
        order_lines.shop_name,
        order_lines.customer_id,
        order_lines.is_identified_buyer,
        order_lines.product_id,
        order_lines.sku_code,
        -- attributes
        order_lines.canonical_status as line_status,
        order_lines.status_text,
        orders.order_status,
        order_lines.region,
        order_lines.province,
        order_lines.city,
        order_lines.city_tier,
        order_lines.is_gift,
        -- lines from an order-level report (Tmall 订单报表 alone) or without
        -- a SKU code: counted in every channel figure, in no SKU's
        order_lines.sku_code is not null as has_product_detail,
        orders.is_new_customer,
        -- amounts
        order_lines.quantity,
        order_lines.unit_price,
        order_lines.list_amount,
        order_lines.paid_amount,
        order_lines.refund_amount,
        order_lines.refund_excess_amount,
        cast(
            order_lines.paid_amount - order_lines.refund_amount
            as decimal(18, 2)
        ) as net_amount,
        -- timestamps
        order_lines.created_at,
        order_lines.paid_at,
        order_lines.shipped_at,
        order_lines.completed_at,
        order_lines.refunded_at,
        cast(order_lines.created_at as date) as created_date,
        cast(order_lines.paid_at as date) as paid_date,
        cast(order_lines.refunded_at as date) as refunded_date
    from order_lines
    left join orders
        on order_lines.order_key = orders.order_key
    left join channel_groups
        on order_lines.platform = channel_groups.platform
)

select * from final
