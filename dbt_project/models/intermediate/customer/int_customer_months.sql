{#- One row per customer × calendar month, from the month of the customer's
    first paid order to the month before the as-of date, with the customer's
    paid orders dated before the month's snapshot date: the first day of the
    next month, or the as-of date for the last, partial month. -#}
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
        orders.customer_id,
        orders.paid_date
    from orders
    cross join as_of
    where orders.paid_date < as_of.as_of_date
),

customers as (
    select
        customer_id,
        min(paid_date) as first_order_date
    from paid_orders
    group by customer_id
),

spine as (
    select
        customers.customer_id,
        cast(months.month_start as date) as month_start,
        least(
            cast(months.month_start + interval 1 month as date),
            as_of.as_of_date
        ) as snapshot_date,
        as_of.as_of_date
    from customers
    cross join as_of
    cross join lateral generate_series(
        date_trunc('month', customers.first_order_date),
        date_trunc('month', as_of.as_of_date - 1),
        interval 1 month
    ) as months (month_start)
),

-- Orders to date as a running count per paid day, so each month's snapshot
-- finds its history with one ASOF join (the latest paid day before the
-- snapshot) instead of joining every earlier order to every month.
order_days as (
    select
        customer_id,
        paid_date,
        count(*) as orders_on_day
    from paid_orders
    group by customer_id, paid_date
),

running_orders as (
    select
        customer_id,
        paid_date,
        cast(
            sum(orders_on_day) over (
                partition by customer_id
                order by paid_date
                rows between unbounded preceding and current row
            ) as bigint
        ) as orders_to_date
    from order_days
),

history as (
    select
        spine.customer_id,
        spine.month_start,
        spine.snapshot_date,
        spine.as_of_date,
        running_orders.orders_to_date,
        running_orders.paid_date as last_order_date
    from spine
    asof inner join running_orders
        on spine.customer_id = running_orders.customer_id
            and spine.snapshot_date > running_orders.paid_date
),

final as (
    select
        customer_id,
        month_start,
        snapshot_date,
        orders_to_date,
        last_order_date,
        date_diff('day', last_order_date, snapshot_date)
            as days_since_last_order,
        snapshot_date = as_of_date as is_current,
        snapshot_date = cast(month_start + interval 1 month as date)
            as is_month_complete
    from history
)

select * from final
