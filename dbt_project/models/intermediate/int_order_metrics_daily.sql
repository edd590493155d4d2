{#- Order metrics per platform and day, each dated by its own timestamp:
    GMV and orders by creation, paid GMV, paid orders, buyers and units by
    payment, refunds by refund time (docs/metrics.md). -#}
with

order_lines as (
    select * from {{ ref('int_order_lines_enriched') }}
),

orders as (
    select * from {{ ref('int_orders_aggregated') }}
),

-- the grain and dates of fct_order_lines, from the models it is built from
dated_lines as (
    select
        order_lines.*,
        orders.is_new_customer,
        cast(order_lines.created_at as date) as created_date,
        cast(order_lines.paid_at as date) as paid_date,
        cast(order_lines.refunded_at as date) as refunded_date
    from order_lines
    left join orders
        on order_lines.order_key = orders.order_key
),

created as (
    select
        platform,
        created_date as metric_date,
        -- 下单金额: what was paid, or for a line never paid its list value
        cast(sum(
            case when paid_at is not null then paid_amount else list_amount end
        ) as decimal(18, 2)) as gmv,
        count(distinct order_key) as orders
    from dated_lines
    where created_date is not null
    group by all
),

paid as (
    select
        platform,
        paid_date as metric_date,
        cast(sum(paid_amount) as decimal(18, 2)) as paid_gmv,
        count(distinct order_key) as paid_orders,
        count(distinct customer_id) as buyers,
        count(distinct case when is_new_customer then customer_id end)
            as new_buyers,
        sum(quantity) as units
    from dated_lines
    where paid_date is not null
    group by all
),

refunded as (
    select
        platform,
        refunded_date as metric_date,
        cast(sum(refund_amount) as decimal(18, 2)) as refunds
    from dated_lines
    where refunded_date is not null and refund_amount > 0
    group by all
),

final as (
    select
        -- ids
        platform,
        metric_date,
        -- amounts
        coalesce(created.gmv, 0) as gmv,
        coalesce(paid.paid_gmv, 0) as paid_gmv,
        coalesce(refunded.refunds, 0) as refunds,
        -- counts
        coalesce(created.orders, 0) as orders,
        coalesce(paid.paid_orders, 0) as paid_orders,
        coalesce(paid.buyers, 0) as buyers,
        coalesce(paid.new_buyers, 0) as new_buyers,
        coalesce(paid.units, 0) as units
    from created
    full outer join paid using (platform, metric_date)
    full outer join refunded using (platform, metric_date)
)

select * from final
