{#- 千川 全域推广: one row per day x campaign x product. -#}

with

source as (
    select * from {{ source('douyin', 'ads') }}
),

typed as (
    select
        -- ids
        'qianchuan' as ad_tool,
        coalesce(
            {{ parse_date('stat_date') }}, {{ parse_date('_file_stat_date') }}
        ) as stat_date,
        -- the product-level report names no campaign: the product stands in
        coalesce(campaign_id, product_id) as campaign_id,
        {{ parse_text('campaign_name') }} as campaign_name,
        product_id,
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
    {{ dedupe_latest('typed', ['stat_date', 'campaign_id', 'product_id']) }}
)

select * from final
