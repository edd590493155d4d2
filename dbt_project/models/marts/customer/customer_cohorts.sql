{#- One row per cohort (month of the first paid order) × months since that
    month, from 0 to the as-of month; months without activity are kept
    (0 active customers). Revenue is net (paid − refunds) of the cohort's
    paid orders in the month; per-customer figures divide by cohort size. -#}
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
        cast(date_trunc('month', orders.paid_date) as date) as order_month,
        orders.net_amount
    from orders
    cross join as_of
    where orders.paid_date < as_of.as_of_date
),

customers as (
    select
        customer_id,
        min(order_month) as cohort_month
    from paid_orders
    group by customer_id
),

cohorts as (
    select
        cohort_month,
        count(*) as cohort_size
    from customers
    group by cohort_month
),

activity as (
    select
        customers.cohort_month,
        date_diff('month', customers.cohort_month, paid_orders.order_month)
            as months_since_first_order,
        count(distinct paid_orders.customer_id) as active_customers,
        cast(sum(paid_orders.net_amount) as decimal(18, 2)) as revenue
    from paid_orders
    inner join customers
        on paid_orders.customer_id = customers.customer_id
    group by all
),

grid as (
    select
        cohorts.cohort_month,
        cohorts.cohort_size,
        cast(months.n as bigint) as months_since_first_order
    from cohorts
    cross join as_of
    cross join lateral range(
        date_diff(
            'month', cohorts.cohort_month,
            cast(date_trunc('month', as_of.as_of_date - 1) as date)
        ) + 1
    ) as months (n)
),

filled as (
    select
        grid.*,
        coalesce(activity.active_customers, 0) as active_customers,
        coalesce(activity.revenue, 0) as revenue
    from grid
    left join activity
        on grid.cohort_month = activity.cohort_month
            and grid.months_since_first_order
            = activity.months_since_first_order
),

cumulated as (
    select
        *,
        cast(sum(revenue) over (
            partition by cohort_month order by months_since_first_order
        ) as decimal(18, 2)) as cumulative_revenue
    from filled
),

final as (
    select
        -- keys
        cohort_month,
        months_since_first_order,
        cast(
            cohort_month + to_months(cast(months_since_first_order as integer))
            as date
        ) as activity_month,
        -- customers
        cohort_size,
        active_customers,
        active_customers / cohort_size as retention_rate,
        -- revenue
        revenue,
        cumulative_revenue,
        cast(revenue / cohort_size as decimal(18, 2)) as revenue_per_customer,
        cast(cumulative_revenue / cohort_size as decimal(18, 2))
            as cumulative_revenue_per_customer
    from cumulated
)

select * from final
