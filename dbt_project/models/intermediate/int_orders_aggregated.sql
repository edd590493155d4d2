{#- One row per platform order: its lines summed, the order status taken from
    its lines (the most advanced live status wins, then cancelled, then
    closed), and the customer's order sequence across every platform among
    paid orders (int_order_customers: new on JD but known from Tmall is a
    repeat customer). -#}
with

order_lines as (
    select * from {{ ref('int_order_lines_enriched') }}
),

order_customers as (
    select * from {{ ref('int_order_customers') }}
),

orders as (
    select
        -- ids
        order_key,
        any_value(platform) as platform,
        any_value(order_id) as order_id,
        any_value(channel_group) as channel_group,
        any_value(shop_name) as shop_name,
        any_value(customer_id) as customer_id,
        bool_or(is_identified_buyer) as is_identified_buyer,
        any_value(province) as province,
        any_value(city) as city,
        any_value(region) as region,
        -- status
        case
            when bool_or(canonical_status = 'completed') then 'completed'
            when bool_or(canonical_status = 'shipped') then 'shipped'
            when bool_or(canonical_status = 'paid') then 'paid'
            when bool_or(canonical_status = 'cancelled') then 'cancelled'
            when bool_or(canonical_status = 'closed') then 'closed'
            else 'pending_payment'
        end as order_status,
        -- amounts
        count(*) as line_count,
        sum(quantity) as units,
        cast(sum(list_amount) as decimal(18, 2)) as list_amount,
        cast(sum(paid_amount) as decimal(18, 2)) as paid_amount,
        cast(sum(refund_amount) as decimal(18, 2)) as refund_amount,
        -- timestamps
        min(created_at) as created_at,
        min(paid_at) as paid_at,
        max(shipped_at) as shipped_at,
        max(completed_at) as completed_at,
        max(refunded_at) as refunded_at
    from order_lines
    group by order_key
),

final as (
    select
        orders.*,
        order_customers.customer_order_number,
        coalesce(order_customers.is_new_customer, false) as is_new_customer
    from orders
    left join order_customers
        on orders.order_key = order_customers.order_key
)

select * from final
