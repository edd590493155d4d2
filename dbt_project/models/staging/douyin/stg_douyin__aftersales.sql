{#- One row per 售后单: one case appears in several exports, the newest
    export wins. -#}
with

source as (
    select * from {{ source('douyin', 'aftersales') }}
),

typed as (
    select
        -- ids
        aftersale_id,
        order_id,
        line_id,
        product_id,
        sku_code,
        {{ parse_text('aftersale_type') }} as aftersale_type,
        {{ parse_text('aftersale_status') }} as aftersale_status,
        -- amounts
        {{ parse_money('paid_amount') }} as paid_amount,
        {{ parse_money('refund_goods_amount') }} as refund_goods_amount,
        {{ parse_money('refund_freight_amount') }} as refund_freight_amount,
        -- timestamps
        {{ parse_ts('applied_at') }} as applied_at,
        {{ parse_ts('refunded_at') }} as refunded_at,
        {{ parse_ts('closed_at') }} as closed_at,
        {{ parse_export_time('_file_exported_epoch') }} as exported_at,
        -- lineage
        _source_file,
        _row_number,
        _loaded_at
    from source
),

latest as (
    select *
    from typed
    qualify row_number() over (
            partition by aftersale_id
            order by exported_at desc, _loaded_at desc, _row_number desc
        ) = 1
),

final as (
    select
        *,
        aftersale_status = '同意退款，退款成功' as is_refunded
    from latest
)

select * from final
