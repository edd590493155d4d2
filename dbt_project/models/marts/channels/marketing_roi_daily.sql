with

ad_spend as (
    select * from {{ ref('int_ad_spend_unioned') }}
),

channel_groups as (
    select * from {{ ref('channel_groups') }}
),

final as (
    select
        -- ids
        ad_spend.stat_date as date_day,
        ad_spend.platform,
        channel_groups.platform_name as platform_name_cn,
        ad_spend.ad_tool,
        ad_spend.campaign_id,
        ad_spend.campaign_name,
        -- amounts
        ad_spend.spend,
        ad_spend.attributed_gmv,
        ad_spend.attributed_orders,
        -- delivery
        ad_spend.impressions,
        ad_spend.clicks,
        cast(ad_spend.spend / nullif(ad_spend.clicks, 0) as decimal(18, 2))
            as cpc,
        ad_spend.clicks / nullif(ad_spend.impressions, 0) as ctr,
        -- return
        ad_spend.attributed_gmv / nullif(ad_spend.spend, 0) as roi,
        coalesce(
            ad_spend.spend > 0
            and coalesce(ad_spend.attributed_gmv, 0) / ad_spend.spend
            < {{ var('roi_floor') }}, false
        ) as is_below_roi_floor
    from ad_spend
    left join channel_groups
        on ad_spend.platform = channel_groups.platform
)

select * from final
