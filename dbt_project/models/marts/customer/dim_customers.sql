{#- One row per unified customer with at least one order (any status). Order
    metrics count paid orders (paid_at not null) before the as-of date;
    net spend = paid − refunds; AOV = gross spend / paid orders. Region:
    the CRM province for members, else the province of the latest order. -#}
with

orders as (
    select * from {{ ref('int_order_customers') }}
    where customer_id is not null
),

platforms as (
    select * from {{ ref('int_customer_platforms') }}
),

members as (
    select * from {{ ref('stg_crm__members') }}
),

province_regions as (
    select * from {{ ref('province_regions') }}
),

channel_groups as (
    select * from {{ ref('channel_groups') }}
),

customers as (
    select
        customer_id,
        bool_or(is_member) as is_member,
        arg_max(province, coalesce(paid_at, '1900-01-01'))
        filter (where province is not null) as order_province,
        arg_max(city, coalesce(paid_at, '1900-01-01'))
        filter (where city is not null) as order_city
    from orders
    group by customer_id
),

platform_summary as (
    select
        customer_id,
        cast(sum(orders) as bigint) as lifetime_orders,
        cast(sum(gross_spend) as decimal(18, 2)) as gross_spend,
        cast(sum(net_spend) as decimal(18, 2)) as net_spend,
        cast(sum(gross_spend - net_spend) as decimal(18, 2))
            as refund_amount,
        min(first_paid_at) as first_order_at,
        max(last_paid_at) as last_order_at,
        arg_min(platform, (first_paid_at, platform)) as first_order_platform,
        arg_max(platform, (last_paid_at, platform)) as last_order_platform,
        max(platform) filter (where platform_rank = 1) as home_platform,
        max(channel_group) filter (where platform_rank = 1)
            as home_channel_group,
        array_to_string(list_sort(list(platform)), ',') as platforms_used,
        count(*) as platform_count
    from platforms
    group by customer_id
),

final as (
    select
        -- ids
        customers.customer_id,
        members.member_id,
        -- membership
        customers.is_member,
        members.tier as member_tier,
        members.joined_at as member_joined_at,
        -- platforms
        platform_summary.first_order_platform,
        first_platform.platform_name as first_order_platform_name_cn,
        platform_summary.last_order_platform,
        last_platform.platform_name as last_order_platform_name_cn,
        platform_summary.home_platform,
        home_platform.platform_name as home_platform_name_cn,
        platform_summary.home_channel_group,
        home_platform.channel_group_name as home_channel_group_cn,
        platform_summary.platforms_used,
        coalesce(platform_summary.platform_count, 0) as platform_count,
        -- region
        coalesce(
            regions.province, province_short.province,
            members.province, customers.order_province
        ) as province,
        coalesce(members.city, customers.order_city) as city,
        coalesce(regions.region, province_short.region, '未知') as region,
        -- orders and spend
        coalesce(platform_summary.lifetime_orders, 0) as lifetime_orders,
        coalesce(platform_summary.gross_spend, 0) as gross_spend,
        coalesce(platform_summary.refund_amount, 0) as refund_amount,
        coalesce(platform_summary.net_spend, 0) as net_spend,
        cast(
            platform_summary.gross_spend
            / nullif(platform_summary.lifetime_orders, 0) as decimal(18, 2))
            as aov,
        -- dates
        platform_summary.first_order_at,
        platform_summary.last_order_at,
        cast(platform_summary.first_order_at as date) as first_order_date,
        cast(platform_summary.last_order_at as date) as last_order_date
    from customers
    left join platform_summary
        on customers.customer_id = platform_summary.customer_id
    left join members
        on customers.customer_id = 'M:' || members.member_id
    left join channel_groups as first_platform
        on platform_summary.first_order_platform = first_platform.platform
    left join channel_groups as last_platform
        on platform_summary.last_order_platform = last_platform.platform
    left join channel_groups as home_platform
        on platform_summary.home_platform = home_platform.platform
    left join province_regions as regions
        on coalesce(members.province, customers.order_province)
            = regions.province
    left join province_regions as province_short
        on coalesce(members.province, customers.order_province)
            = province_short.province_short
)

select * from final
