with

orders as (
    select * from {{ ref('int_orders_aggregated') }}
),

channel_groups as (
    select * from {{ ref('channel_groups') }}
),

final as (
    select
        -- ids
        orders.order_key,
        orders.platform,
        channel_groups.platform_name as platform_name_cn,
        orders.order_id,
        orders.channel_group,
        channel_groups.channel_group_name as channel_group_cn,
        orders.shop_name,
        orders.customer_id,
        -- attributes
        orders.is_identified_buyer,
        orders.order_status,
        orders.region,
        orders.province,
        orders.city,
        orders.customer_order_number,
        orders.is_new_customer,
        -- amounts
        orders.line_count,
        orders.units,
        orders.list_amount,
        orders.paid_amount,
        orders.refund_amount,
        cast(
            orders.paid_amount - orders.refund_amount as decimal(18, 2)
        ) as net_amount,
        -- timestamps
        orders.created_at,
        orders.paid_at,
        orders.shipped_at,
        orders.completed_at,
        orders.refunded_at,
        cast(orders.created_at as date) as created_date,
        cast(orders.paid_at as date) as paid_date
    from orders
    left join channel_groups
        on orders.platform = channel_groups.platform
)

select * from final
