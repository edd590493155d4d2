{{ config(materialized='ephemeral') }}
{#- KPI actuals per calendar month, rolled up from counts and amounts (never
    by averaging daily rates). A helper of the kpi layer: it reads marts, so
    it is not an intermediate model; ephemeral, it is inlined into
    kpi_monthly and publishes no table. -#}
with

channel as (
    select
        cast(date_trunc('month', date_day) as date) as month,
        sum(gmv) as gmv,
        sum(paid_gmv) as paid_gmv,
        sum(net_sales) as net_sales,
        {% for g in ['core_platforms', 'social_commerce', 'private_domain'] %}
            sum(paid_gmv) filter (where channel_group = '{{ g }}')
            / nullif(sum(paid_gmv), 0) as {{ g }}_share,
        {% endfor %}
        sum(paid_buyers) / nullif(sum(uv), 0) as conversion_rate,
        sum(paid_gmv) / nullif(sum(paid_orders), 0) as aov,
        sum(ad_spend) as ad_spend,
        sum(attributed_gmv) / nullif(sum(ad_spend), 0) as roi,
        count(distinct date_day) as channel_days
    from {{ ref('channel_daily') }}
    group by all
),

repurchase as (
    select
        month_start as month,
        repurchase_rate
    from {{ ref('repurchase_monthly') }}
    where platform = 'all'
),

customers as (
    select
        cast(date_trunc('month', paid_date) as date) as month,
        count(*) as new_customers
    from {{ ref('int_order_customers') }}
    where is_new_customer
    group by all
),

refunds as (
    select
        cast(date_trunc('month', paid_date) as date) as month,
        sum(refund_amount) / nullif(sum(paid_amount), 0) as refund_rate
    from {{ ref('fct_order_lines') }}
    where paid_at is not null
    group by all
),

stock_days as (
    select
        snapshot_date,
        sum(inventory_value_at_cost) as inventory_value,
        count(*) filter (where is_stockout) as stockout_skus
    from {{ ref('inventory_health') }}
    group by all
),

cogs as (
    select
        cast(date_trunc('month', sales_date) as date) as month,
        sum(cogs) as cogs
    from {{ ref('int_product_sku_sales_daily') }}
    group by all
),

inventory as (
    select
        cast(date_trunc('month', snapshot_date) as date) as month,
        avg(inventory_value) as avg_inventory_value,
        count(*) as snapshot_days
    from stock_days
    group by all
),

stockouts as (
    select
        cast(date_trunc('month', snapshot_date) as date) as month,
        count(distinct sku_code) as stockout_sku_count
    from {{ ref('inventory_health') }}
    where is_stockout
    group by all
),

service as (
    select
        cast(date_trunc('month', session_date) as date) as month,
        sum(presale_within_3min) / nullif(sum(presale_sessions), 0)
            as first_response_within_3min_share
    from {{ ref('service_levels_daily') }}
    group by all
),

final as (
    select
        channel.* exclude (ad_spend, channel_days),  -- noqa: RF02
        channel.paid_gmv / nullif(last_month.paid_gmv, 0) - 1
            as paid_gmv_growth,
        repurchase.repurchase_rate,
        coalesce(customers.new_customers, 0) as new_customers,
        channel.ad_spend / nullif(customers.new_customers, 0) as cac,
        refunds.refund_rate,
        inventory.avg_inventory_value
        / nullif(cogs.cogs / inventory.snapshot_days, 0)
            as inventory_turnover_days,
        coalesce(cogs.cogs, 0) / inventory.snapshot_days * 91
        / nullif(inventory.avg_inventory_value, 0)
            as inventory_turns_per_quarter,
        case when inventory.month is not null
                then coalesce(stockouts.stockout_sku_count, 0)
        end
            as stockout_sku_count,
        service.first_response_within_3min_share
    from channel
    left join channel as last_month
        on channel.month - interval 1 month = last_month.month
    left join repurchase on channel.month = repurchase.month
    left join customers on channel.month = customers.month
    left join refunds on channel.month = refunds.month
    left join inventory on channel.month = inventory.month
    left join cogs on channel.month = cogs.month
    left join stockouts on channel.month = stockouts.month
    left join service on channel.month = service.month
)

select * from final
