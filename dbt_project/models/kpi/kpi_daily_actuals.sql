{{ config(materialized='ephemeral') }}
{#- KPI actuals per day, one source each (docs/inventory_and_kpi.md). A
    helper of the kpi layer: it reads marts, so it is not an intermediate
    model; ephemeral, it is inlined into kpi_daily and publishes no table. -#}
with

channel as (
    select
        date_day,
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
        sum(attributed_gmv) / nullif(sum(ad_spend), 0) as roi
    from {{ ref('channel_daily') }}
    group by date_day
),

customers as (
    select
        paid_date as date_day,
        count(*) as new_customers
    from {{ ref('int_order_customers') }}
    where is_new_customer
    group by paid_date
),

refunds as (
    select
        paid_date as date_day,
        sum(refund_amount) / nullif(sum(paid_amount), 0) as refund_rate
    from {{ ref('fct_order_lines') }}
    where paid_at is not null
    group by paid_date
),

inventory as (
    select
        snapshot_date as date_day,
        sum(avg_inventory_value_28d) / nullif(sum(avg_daily_cogs_28d), 0)
            as inventory_turnover_days,
        coalesce(sum(avg_daily_cogs_28d), 0) * 91
        / nullif(sum(avg_inventory_value_28d), 0)
            as inventory_turns_per_quarter,
        count(*) filter (where is_stockout) as stockout_sku_count
    from {{ ref('inventory_health') }}
    group by snapshot_date
),

service as (
    select
        session_date as date_day,
        sum(presale_within_3min) / nullif(sum(presale_sessions), 0)
            as first_response_within_3min_share
    from {{ ref('service_levels_daily') }}
    group by session_date
),

final as (
    select
        channel.* exclude (ad_spend),  -- noqa: RF02
        channel.paid_gmv / nullif(last_week.paid_gmv, 0) - 1
            as paid_gmv_growth,
        cast(null as double) as repurchase_rate,
        coalesce(customers.new_customers, 0) as new_customers,
        channel.ad_spend / nullif(customers.new_customers, 0) as cac,
        refunds.refund_rate,
        inventory.* exclude (date_day),  -- noqa: RF02
        service.first_response_within_3min_share
    from channel
    left join channel as last_week
        on channel.date_day - 7 = last_week.date_day
    left join customers on channel.date_day = customers.date_day
    left join refunds on channel.date_day = refunds.date_day
    left join inventory on channel.date_day = inventory.date_day
    left join service on channel.date_day = service.date_day
)

select * from final
