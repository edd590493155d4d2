{#- 京准通 自定义报表: one row per day x campaign x SKU; the day is the
    start of 时间 (the reports are daily). -#}

with

source as (
    select * from {{ source('jd', 'ads') }}
),

typed as (
    select
        -- ids
        'jingzhuntong' as ad_tool,
        {{ parse_range_start('date_range') }} as stat_date,
        -- the 自定义报表 by SKU names no campaign: the SKU stands in
        coalesce(campaign_id, campaign_name, sku_id) as campaign_id,
        {{ parse_text('campaign_name') }} as campaign_name,
        sku_id,
        -- counts
        {{ parse_int('impressions') }} as impressions,
        {{ parse_int('clicks') }} as clicks,
        {{ parse_int('attributed_orders') }} as attributed_orders,
        -- amounts
        {{ parse_money('spend') }} as spend,
        {{ parse_money('attributed_gmv') }} as attributed_gmv,
        -- lineage
        _source_file,
        _row_number,
        _loaded_at
    from source
),

final as (
    {{ dedupe_latest('typed', ['stat_date', 'campaign_id', 'sku_id']) }}
)

select * from final
