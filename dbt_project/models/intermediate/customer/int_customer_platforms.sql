{#- One row per customer × platform with paid orders: orders, spend and the
    platform's rank for the customer (home platform = rank 1: most paid
    orders, then highest net spend, then the earliest first order, then the
    platform name). -#}
with

orders as (
    select * from {{ ref('int_order_customers') }}
    where is_paid and customer_id is not null
),

as_of as (
    select * from {{ ref('int_customer_as_of') }}
),

platforms as (
    select
        orders.customer_id,
        orders.platform,
        any_value(orders.channel_group) as channel_group,
        count(*) as orders,
        cast(sum(orders.paid_amount) as decimal(18, 2)) as gross_spend,
        cast(sum(orders.net_amount) as decimal(18, 2)) as net_spend,
        min(orders.paid_at) as first_paid_at,
        max(orders.paid_at) as last_paid_at
    from orders
    cross join as_of
    where orders.paid_date < as_of.as_of_date
    group by orders.customer_id, orders.platform
),

final as (
    select
        *,
        row_number() over (
            partition by customer_id
            order by
                orders desc, net_spend desc, first_paid_at asc, platform asc
        ) as platform_rank
    from platforms
)

select * from final
