{#- Unioned order lines with the unified customer (one person across
    platforms, int_customer_identity), region and city tier. Provinces are
    matched on the full name (浙江省) or the short one (浙江). A line whose
    export names no buyer (real PDD exports, the current Tmall 订单报表, a
    masked phone only) belongs to an anonymous customer of its own order,
    'A:' || platform || ':' || md5(order_id): counted as a buyer in channel
    figures, never as a repeat or in the customer marts. -#}
with

order_lines as (
    select * from {{ ref('int_order_lines_unioned') }}
),

customer_identity as (
    select * from {{ ref('int_customer_identity') }}
),

province_regions as (
    select * from {{ ref('province_regions') }}
),

city_tiers as (
    select * from {{ ref('city_tiers') }}
),

province_names as (
    select
        province as province_name,
        province,
        region
    from province_regions
    union all
    select
        province_short as province_name,
        province,
        region
    from province_regions
),

final as (
    select
        order_lines.* exclude (province),
        coalesce(
            customer_identity.customer_id,
            'A:' || order_lines.platform || ':' || md5(order_lines.order_id)
        ) as customer_id,
        customer_identity.customer_id is not null as is_identified_buyer,
        coalesce(province_names.province, order_lines.province) as province,
        coalesce(province_names.region, '未知') as region,
        city_tiers.tier as city_tier
    from order_lines
    left join customer_identity
        on order_lines.platform = customer_identity.platform
            and order_lines.buyer_id = customer_identity.buyer_id
    left join province_names
        on order_lines.province = province_names.province_name
    left join city_tiers
        on order_lines.city = city_tiers.city
)

select * from final
