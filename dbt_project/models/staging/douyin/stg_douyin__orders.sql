{{ order_state_incremental_config('line_id') }}
with

source as (
    select * from {{ source('douyin', 'orders') }}
    {{ incremental_order_scope(
        source('douyin', 'orders'),
        parse_export_time('_file_exported_epoch')
    ) }}
),

status_map as (
    select * from {{ ref('order_status_map') }}
    where platform = 'douyin'
),

typed as (
    select
        -- ids
        order_id,
        line_id,
        {{ buyer_key('buyer_id', 'receiver_phone') }} as buyer_id,
        product_id,
        sku_code,
        {{ clean_status_text('order_status') }} as status_text,
        {{ parse_text('aftersale_status') }} as aftersale_status,
        {{ parse_text('province') }} as province,
        {{ parse_text('city') }} as city,
        {{ hash_phone('receiver_phone') }} as phone_hash,
        -- amounts
        {{ parse_int('quantity') }} as quantity,
        {{ parse_money('unit_price') }} as unit_price,
        {{ parse_money('paid_amount') }} as paid_amount,
        {{ parse_money('freight') }} as freight,
        cast(null as decimal(18, 2)) as refund_amount,
        -- timestamps
        {{ parse_ts('created_at') }} as created_at,
        {{ parse_ts('paid_at') }} as paid_at,
        {{ parse_ts('shipped_at') }} as shipped_at,
        {{ parse_ts('completed_at') }} as completed_at,
        {{ parse_export_time('_file_exported_epoch') }} as exported_at,
        -- lineage
        _source_file,
        _row_number,
        _loaded_at
    from source
),

mapped as (
    select
        typed.*,
        status_map.canonical_status,
        status_map.status_rank
    from typed
    left join status_map
        on typed.status_text = status_map.status_text
),

final as (
    {{ latest_line_state(
        'mapped', 'line_id',
        known=['buyer_id', 'phone_hash', 'province', 'city'],
    ) }}
)

select * from final
