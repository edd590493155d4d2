{#- Shop traffic per platform and day on one schema. Tmall and Douyin report
    per product: their counts are summed over products (what the platforms'
    own shop totals would show is not exported). -#}
{%- set platforms = ['tmall', 'jd', 'pdd', 'douyin', 'kuaishou', 'youzan'] -%}

with

unioned as (
    {% for platform in platforms %}
    {{ select_canonical(
        ref('stg_' ~ platform ~ '__traffic'), traffic_columns(), platform
    ) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        -- ids
        platform,
        stat_date,
        -- counts
        sum(uv) as uv,
        sum(pv) as pv,
        sum(cart_users) as cart_users,
        sum(order_buyers) as order_buyers,
        sum(paid_buyers) as paid_buyers,
        -- amounts
        cast(sum(paid_amount) as decimal(18, 2)) as paid_amount
    from unioned
    group by platform, stat_date
)

select * from final
