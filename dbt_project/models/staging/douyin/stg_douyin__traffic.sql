{#- 罗盘 商品: one row per product per day (latest export). -#}

with

source as (
    select * from {{ source('douyin', 'traffic') }}
),

typed as (
    select
        -- ids
        -- a one-day download may name its day only in the file name
        coalesce(
            {{ parse_date('stat_date') }}, {{ parse_date('_file_stat_date') }}
        ) as stat_date,
        product_id,
        -- counts
        {{ parse_int('uv') }} as uv,
        {{ parse_int('pv') }} as pv,
        {{ parse_int('cart_users') }} as cart_users,
        {{ parse_int('order_buyers') }} as order_buyers,
        {{ parse_int('paid_buyers') }} as paid_buyers,
        {{ parse_int('paid_orders') }} as paid_orders,
        -- amounts
        {{ parse_money('paid_amount') }} as paid_amount,
        {{ parse_money('refund_amount') }} as refund_amount,
        -- lineage
        _source_file,
        _row_number,
        _loaded_at
    from source
),

final as (
    {{ dedupe_latest('typed', ['stat_date', 'product_id']) }}
)

select * from final
