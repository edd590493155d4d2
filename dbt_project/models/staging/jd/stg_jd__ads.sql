{#- 京准通 自定义报表: one row per day x campaign x SKU; the day is the
    start of 时间 (the reports are daily). The 全站营销 report (one row per
    day, campaigns the 自定义报表 does not hold) lands in the same raw table;
    the 分时 report breaks down the 自定义报表's spend and is kept apart
    (raw.jd__ads_hourly). -#}

with

source as (
    select * from {{ source('jd', 'ads') }}
),

typed as (
    select
        -- ids
        'jingzhuntong' as ad_tool,
        -- 全站营销 writes a day in 日期 (stat_date)
        coalesce(
            {{ parse_range_start('date_range') }}, {{ parse_date('stat_date') }}
        ) as stat_date,
        -- the 自定义报表 by SKU names no campaign: the SKU stands in; the
        -- account-level 全站营销 names neither: the report (its header
        -- version) stands in
        coalesce(campaign_id, campaign_name, sku_id, _header_version)
            as campaign_id,
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
