with

ad_spend as (
    select * from {{ ref('int_ad_spend_unioned') }}
),

final as (
    select
        -- ids
        stat_date as date_day,
        platform,
        ad_tool,
        campaign_id,
        campaign_name,
        -- amounts
        spend,
        attributed_gmv,
        attributed_orders,
        -- delivery
        impressions,
        clicks,
        cast(spend / nullif(clicks, 0) as decimal(18, 2)) as cpc,
        clicks / nullif(impressions, 0) as ctr,
        -- return
        attributed_gmv / nullif(spend, 0) as roi,
        coalesce(
            spend > 0 and coalesce(attributed_gmv, 0) / spend
            < {{ var('roi_floor') }}, false
        ) as is_below_roi_floor
    from ad_spend
)

select * from final
