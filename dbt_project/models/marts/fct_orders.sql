with

orders as (
    select * from {{ ref('int_orders_aggregated') }}
),

final as (
    select
        -- ids
        order_key,
        platform,
        order_id,
        channel_group,
        shop_name,
        customer_id,
        -- attributes
        is_identified_buyer,
        order_status,
        region,
        province,
        city,
        customer_order_number,
        is_new_customer,
        -- amounts
        line_count,
        units,
        list_amount,
        paid_amount,
        refund_amount,
        cast(paid_amount - refund_amount as decimal(18, 2)) as net_amount,
        -- timestamps
        created_at,
        paid_at,
        shipped_at,
        completed_at,
        refunded_at,
        cast(created_at as date) as created_date,
        cast(paid_at as date) as paid_date
    from orders
)

select * from final
