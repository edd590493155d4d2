{#- One row per month × platform (platform 'all' = every platform) with paid
    orders. Buyers and repeat buyers count unified customers with paid orders
    in the month on that platform; intervals, first-order and win-back flags
    look at the customer's orders on every platform (docs/customers.md). -#}
with

orders as (
    select * from {{ ref('int_customer_orders_scoped') }}
),

channel_groups as (
    select * from {{ ref('channel_groups') }}
),

buyer_months as (
    select
        platform,
        month_start,
        customer_id,
        any_value(is_member) as is_member,
        count(*) as orders,
        sum(paid_amount) as gross
    from orders
    group by platform, month_start, customer_id
),

buyers as (
    select
        platform,
        month_start,
        count(*) as buyers,
        count(*) filter (where orders >= 2) as repeat_buyers,
        count(*) filter (where is_member) as member_buyers,
        sum(orders) filter (where is_member) as member_orders,
        sum(gross) filter (where is_member) as member_gross,
        count(*) filter (where not is_member) as non_member_buyers,
        sum(orders) filter (where not is_member) as non_member_orders,
        sum(gross) filter (where not is_member) as non_member_gross
    from buyer_months
    group by platform, month_start
),

order_facts as (
    select
        platform,
        month_start,
        count(*) as orders,
        cast(sum(paid_amount) as decimal(18, 2)) as gross_amount,
        count(distinct customer_id) filter (where customer_order_number = 1)
            as new_customers,
        count(distinct customer_id) filter (
            where customer_order_number = 1 and has_second_order
        ) as new_customers_with_second_order,
        count(days_since_previous_order) as repeat_intervals,
        median(days_since_previous_order) as median_days_between_orders,
        avg(days_since_previous_order) as mean_days_between_orders,
        count(distinct customer_id) filter (where is_win_back)
            as win_back_customers
    from orders
    group by platform, month_start
),

final as (
    select
        -- keys
        buyers.month_start,
        buyers.platform,
        case
            when buyers.platform = 'all' then '全部'
            else channel_groups.platform_name
        end as platform_name_cn,
        -- buyers and repurchase
        buyers.buyers,
        order_facts.orders,
        order_facts.gross_amount,
        buyers.repeat_buyers,
        buyers.repeat_buyers / buyers.buyers as repurchase_rate,
        -- repurchase cycle
        order_facts.repeat_intervals,
        order_facts.median_days_between_orders,
        order_facts.mean_days_between_orders,
        -- new customers and their second order
        order_facts.new_customers,
        order_facts.new_customers_with_second_order,
        order_facts.new_customers_with_second_order
        / nullif(order_facts.new_customers, 0) as first_to_second_rate,
        order_facts.win_back_customers,
        -- members vs non-members
        buyers.member_buyers,
        coalesce(buyers.member_orders, 0) as member_orders,
        buyers.member_orders / nullif(buyers.member_buyers, 0)
            as member_order_frequency,
        cast(
            buyers.member_gross / nullif(buyers.member_orders, 0)
            as decimal(18, 2)
        ) as member_aov,
        buyers.non_member_buyers,
        coalesce(buyers.non_member_orders, 0) as non_member_orders,
        buyers.non_member_orders / nullif(buyers.non_member_buyers, 0)
            as non_member_order_frequency,
        cast(
            buyers.non_member_gross / nullif(buyers.non_member_orders, 0)
            as decimal(18, 2)
        ) as non_member_aov
    from buyers
    inner join order_facts
        on buyers.platform = order_facts.platform
            and buyers.month_start = order_facts.month_start
    left join channel_groups
        on buyers.platform = channel_groups.platform
)

select * from final
