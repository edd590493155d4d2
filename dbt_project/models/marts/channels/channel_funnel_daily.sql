with

traffic as (
    select * from {{ ref('int_traffic_daily_unioned') }}
),

final as (
    select
        -- ids
        stat_date as date_day,
        platform,
        -- funnel steps (platform analytics)
        uv,
        cart_users,
        order_buyers,
        paid_buyers,
        -- step rates: each step over the one before
        cart_users / nullif(uv, 0) as cart_rate,
        order_buyers / nullif(cart_users, 0) as cart_to_order_rate,
        paid_buyers / nullif(order_buyers, 0) as order_to_paid_rate,
        -- overall rates over UV
        order_buyers / nullif(uv, 0) as order_rate,
        paid_buyers / nullif(uv, 0) as conversion_rate
    from traffic
)

select * from final
