with

traffic as (
    select * from {{ ref('int_traffic_daily_unioned') }}
),

channel_groups as (
    select * from {{ ref('channel_groups') }}
),

final as (
    select
        -- ids
        traffic.stat_date as date_day,
        traffic.platform,
        channel_groups.platform_name as platform_name_cn,
        -- funnel steps (platform analytics)
        traffic.uv,
        traffic.cart_users,
        traffic.order_buyers,
        traffic.paid_buyers,
        -- step rates: each step over the one before
        traffic.cart_users / nullif(traffic.uv, 0) as cart_rate,
        traffic.order_buyers / nullif(traffic.cart_users, 0)
            as cart_to_order_rate,
        traffic.paid_buyers / nullif(traffic.order_buyers, 0)
            as order_to_paid_rate,
        -- overall rates over UV
        traffic.order_buyers / nullif(traffic.uv, 0) as order_rate,
        traffic.paid_buyers / nullif(traffic.uv, 0) as conversion_rate
    from traffic
    left join channel_groups
        on traffic.platform = channel_groups.platform
)

select * from final
