{#- Ad spend of the five tools on one schema, one row per platform x tool x
    day x campaign (units, products and scenes summed). -#}
{%- set platforms = ['tmall', 'jd', 'pdd', 'douyin', 'kuaishou'] -%}

with

unioned as (
    {% for platform in platforms %}
    {{ select_canonical(
        ref('stg_' ~ platform ~ '__ads'), ad_columns(), platform
    ) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        -- ids
        platform,
        ad_tool,
        stat_date,
        campaign_id,
        max(campaign_name) as campaign_name,
        -- counts
        sum(impressions) as impressions,
        sum(clicks) as clicks,
        sum(attributed_orders) as attributed_orders,
        -- amounts
        cast(sum(spend) as decimal(18, 2)) as spend,
        cast(sum(attributed_gmv) as decimal(18, 2)) as attributed_gmv
    from unioned
    group by platform, ad_tool, stat_date, campaign_id
)

select * from final
