{#- Product reviews exported daily; a review repeated in a later export
    (same platform, order line, time and follow-up flag) is kept once. -#}
with

source as (
    select * from {{ source('cs', 'reviews') }}
),

platforms as (
    select * from {{ ref('channel_groups') }}
),

typed as (
    select
        -- ids
        {{ parse_text('platform_name') }} as platform_name,
        {{ parse_text('order_id') }} as order_id,
        {{ parse_text('line_id') }} as line_id,
        {{ parse_text('product_id') }} as product_id,
        {{ parse_text('sku_code') }} as sku_code,
        -- review
        {{ parse_int('rating') }} as rating,
        {{ parse_text('is_follow_up') }} in ('是', 'Y', 'y', '1')
            as is_follow_up,
        {{ parse_text('has_images') }} in ('是', 'Y', 'y', '1') as has_images,
        -- timestamps
        {{ parse_ts('reviewed_at') }} as reviewed_at,
        -- lineage
        _source_file,
        _row_number,
        _loaded_at
    from source
),

keyed as (
    select
        md5(concat_ws(
            '|', platform_name, order_id, coalesce(line_id, ''),
            coalesce(sku_code, ''), cast(reviewed_at as varchar),
            cast(is_follow_up as varchar)
        )) as review_key,
        *
    from typed
),

ranked as (
    select
        *,
        row_number() over (
            partition by review_key
            order by _loaded_at desc, _source_file desc, _row_number desc
        ) as row_rank
    from keyed
),

final as (
    select
        ranked.review_key,
        platforms.platform,
        ranked.* exclude (row_rank, review_key),  -- noqa: RF02
        cast(ranked.reviewed_at as date) as review_date
    from ranked
    left join platforms
        on ranked.platform_name = platforms.platform_name
    where ranked.row_rank = 1
)

select * from final
