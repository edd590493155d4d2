{#- One row per customer with a paid order before the as-of date: the
    private-domain value tier (私域分层), first match wins (vars,
    docs/customers.md):
      high_value  net spend in the last value_tier_window_days (365)
                  >= value_tier_high_spend (5000) and orders in the window
                  >= value_tier_high_orders (3)
      new         first paid order in the last value_tier_new_days (30)
      potential   1 .. value_tier_potential_max_orders (3) orders in the window
      regular     more orders in the window, below the high-value spend
      dormant     no order in the window -#}
with

orders as (
    select * from {{ ref('int_order_customers') }}
    where is_paid and customer_id is not null
),

as_of as (
    select * from {{ ref('int_customer_as_of') }}
),

customers as (
    select
        orders.customer_id,
        any_value(as_of.as_of_date) as as_of_date,
        bool_or(orders.is_member) as is_member,
        bool_or(orders.channel_group = 'private_domain')
            as is_private_domain_buyer,
        min(orders.paid_date) as first_order_date,
        max(orders.paid_date) as last_order_date,
        count(*) as lifetime_orders,
        count(*) filter (
            where orders.paid_date >= as_of.as_of_date
            - {{ var('value_tier_window_days', 365) }}
        ) as orders_in_window,
        coalesce(sum(orders.net_amount) filter (
            where orders.paid_date >= as_of.as_of_date
            - {{ var('value_tier_window_days', 365) }}
        ), 0) as net_spend_in_window
    from orders
    cross join as_of
    where orders.paid_date < as_of.as_of_date
    group by orders.customer_id
),

tiered as (
    select
        *,
        case
            when net_spend_in_window >= {{ var('value_tier_high_spend', 5000) }}
                and orders_in_window >= {{ var('value_tier_high_orders', 3) }}
                then 'high_value'
            when first_order_date
                >= as_of_date - {{ var('value_tier_new_days', 30) }}
                then 'new'
            when orders_in_window between 1
                and {{ var('value_tier_potential_max_orders', 3) }}
                then 'potential'
            when orders_in_window > 0 then 'regular'
            else 'dormant'
        end as value_tier
    from customers
),

final as (
    select
        *,
        case value_tier
            when 'high_value' then '高价值客户'
            when 'new' then '新客'
            when 'potential' then '潜力客户'
            when 'regular' then '一般客户'
            when 'dormant' then '沉睡客户'
        end as value_tier_cn
    from tiered
)

select * from final
