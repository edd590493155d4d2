with

order_metrics as (
    select * from {{ ref('int_order_metrics_daily') }}
),

traffic as (
    select * from {{ ref('int_traffic_daily_unioned') }}
),

ad_spend as (
    select * from {{ ref('int_ad_spend_unioned') }}
),

channel_groups as (
    select * from {{ ref('channel_groups') }}
),

ad_daily as (
    select
        platform,
        stat_date as metric_date,
        sum(spend) as ad_spend,
        sum(attributed_gmv) as attributed_gmv
    from ad_spend
    group by all
),

traffic_daily as (
    select
        * exclude (stat_date),
        stat_date as metric_date
    from traffic
),

joined as (
    -- USING merges the keys of the full outer joins into one column each
    select *  -- noqa: RF02
    from order_metrics
    full outer join traffic_daily using (platform, metric_date)
    full outer join ad_daily using (platform, metric_date)
),

final as (
    select
        -- ids
        joined.metric_date as date_day,
        joined.platform,
        channel_groups.platform_name as platform_name_cn,
        channel_groups.channel_group,
        channel_groups.channel_group_name as channel_group_cn,
        -- amounts
        coalesce(joined.gmv, 0) as gmv,
        coalesce(joined.paid_gmv, 0) as paid_gmv,
        coalesce(joined.refunds, 0) as refunds,
        cast(
            coalesce(joined.paid_gmv, 0) - coalesce(joined.refunds, 0)
            as decimal(18, 2)
        ) as net_sales,
        cast(coalesce(joined.ad_spend, 0) as decimal(18, 2)) as ad_spend,
        cast(coalesce(joined.attributed_gmv, 0) as decimal(18, 2))
            as attributed_gmv,
        -- orders and buyers
        coalesce(joined.orders, 0) as orders,
        coalesce(joined.paid_orders, 0) as paid_orders,
        coalesce(joined.buyers, 0) as buyers,
        coalesce(joined.new_buyers, 0) as new_buyers,
        coalesce(joined.units, 0) as units,
        -- traffic (platform analytics exports)
        joined.uv,
        joined.pv,
        joined.cart_users,
        joined.order_buyers,
        joined.paid_buyers,
        -- ratios
        cast(
            joined.paid_gmv / nullif(joined.paid_orders, 0)
            as decimal(18, 2)
        ) as aov,
        joined.paid_buyers / nullif(joined.uv, 0) as conversion_rate,
        joined.attributed_gmv / nullif(joined.ad_spend, 0) as roi
    from joined
    left join channel_groups
        on joined.platform = channel_groups.platform
)

select * from final
