{#- 多多推广: one row per day x product x campaign; the campaign has no
    id, its name is the key. The legacy 搜索推广 .xls (推广计划, 花费(元), the
    day in the file name, no product) lands in the same raw table. -#}

with

source as (
    select * from {{ source('pdd', 'ads') }}
),

typed as (
    select
        -- ids
        'duoduo_tuiguang' as ad_tool,
        -- the legacy 搜索推广 .xls names its day only in the file name
        coalesce(
            {{ parse_date('stat_date') }}, {{ parse_date('_file_stat_date') }}
        ) as stat_date,
        campaign_name as campaign_id,
        {{ parse_text('campaign_name') }} as campaign_name,
        product_id,
        {{ parse_text('scene') }} as scene,
        -- counts
        {{ parse_int('impressions') }} as impressions,
        {{ parse_int('clicks') }} as clicks,
        -- 成交笔数: only the variant with 净交易额 columns has it
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
    {{ dedupe_latest(
        'typed', ['stat_date', 'campaign_id', 'product_id', 'scene']
    ) }}
)

select * from final
