{#- Paid orders before the as-of date, stacked twice: once under their
    platform and once under platform 'all', so repurchase metrics per
    platform and overall come from one aggregation. Sequence and interval
    columns always refer to the customer's orders on every platform. -#}
with

orders as (
    select * from {{ ref('int_order_customers') }}
    where is_paid and customer_id is not null
),

as_of as (
    select * from {{ ref('int_customer_as_of') }}
),

paid_orders as (
    select
        orders.*,
        count(*) over (partition by orders.customer_id) as customer_orders
    from orders
    cross join as_of
    where orders.paid_date < as_of.as_of_date
),

scopes as (
    select
        platform as scope,
        *
    from paid_orders
    union all
    select
        'all' as scope,
        *
    from paid_orders
),

final as (
    select
        -- keys
        scope as platform,
        cast(date_trunc('month', paid_date) as date) as month_start,
        order_key,
        customer_id,
        -- attributes
        is_member,
        customer_order_number,
        customer_orders >= 2 as has_second_order,
        days_since_previous_order,
        days_since_previous_order > {{ var('lifecycle_churn_days', 180) }}
            as is_win_back,
        -- amounts
        paid_amount,
        net_amount,
        -- dates
        paid_date
    from scopes
)

select * from final
