{#- One row per platform order (any status) with its unified customer and,
    for paid orders (paid_at not null), the customer's order sequence across
    every platform: a customer new on JD but known from Tmall is a repeat
    customer. Sequence ties on paid_at break on order_key. -#}
with

order_lines as (
    select * from {{ ref('int_order_lines_unioned') }}
),

identity as (
    select * from {{ ref('int_customer_identity') }}
),

orders as (
    select
        order_key,
        any_value(platform) as platform,
        any_value(order_id) as order_id,
        any_value(channel_group) as channel_group,
        max(buyer_id) as buyer_id,
        min(paid_at) as paid_at,
        cast(sum(paid_amount) as decimal(18, 2)) as paid_amount,
        cast(sum(refund_amount) as decimal(18, 2)) as refund_amount,
        max(province) as province,
        max(city) as city
    from order_lines
    group by order_key
),

joined as (
    select
        orders.*,
        identity.customer_id,
        coalesce(identity.is_member, false) as is_member,
        orders.paid_at is not null as is_paid,
        orders.paid_at is not null
        and identity.customer_id is not null as is_sequenced
    from orders
    left join identity
        on orders.platform = identity.platform
            and orders.buyer_id = identity.buyer_id
),

sequenced as (
    select
        * exclude (is_sequenced),
        case
            when is_sequenced then row_number() over customer_orders
        end as customer_order_number,
        case
            when is_sequenced then row_number() over platform_orders
        end as platform_order_number,
        case
            when is_sequenced then lag(paid_at) over customer_orders
        end as previous_paid_at
    from joined
    window
        customer_orders as (
            partition by customer_id, is_sequenced order by paid_at, order_key
        ),
        platform_orders as (
            partition by customer_id, platform, is_sequenced
            order by paid_at, order_key
        )
),

final as (
    select
        -- ids
        order_key,
        platform,
        order_id,
        customer_id,
        -- attributes
        channel_group,
        is_member,
        is_paid,
        province,
        city,
        customer_order_number,
        platform_order_number,
        coalesce(customer_order_number = 1, false) as is_new_customer,
        coalesce(platform_order_number = 1, false) as is_new_on_platform,
        -- amounts
        paid_amount,
        refund_amount,
        cast(paid_amount - refund_amount as decimal(18, 2)) as net_amount,
        -- timestamps
        paid_at,
        cast(paid_at as date) as paid_date,
        previous_paid_at,
        date_diff('day', cast(previous_paid_at as date), cast(paid_at as date))
            as days_since_previous_order
    from sequenced
)

select * from final
