{{ order_state_incremental_config('line_id') }}
{#- One row per order line (`<order_id>#<n>`, n = row order of the order in
    the export). 售后状态 退款成功 refunds the line's paid amount in full. -#}
with

source as (
    select * from {{ source('kuaishou', 'orders') }}
    {{ incremental_order_scope(
        source('kuaishou', 'orders'),
        parse_export_time('_file_exported_at')
    ) }}
),

status_map as (
    select * from {{ ref('order_status_map') }}
    where platform = 'kuaishou'
),

typed as (
    select
        -- ids
        order_id,
        order_id || '#' || row_number() over (
            partition by _source_file, _sheet, order_id order by _row_number
        ) as line_id,
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
        -- timestamps
        {{ parse_ts('created_at') }} as created_at,
        {{ parse_ts('paid_at') }} as paid_at,
        {{ parse_ts('shipped_at') }} as shipped_at,
        {{ parse_export_time('_file_exported_at') }} as exported_at,
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
        status_map.status_rank,
        case when typed.aftersale_status = '退款成功' then typed.paid_amount
            else 0
        end as refund_amount
    from typed
    left join status_map
        on typed.status_text = status_map.status_text
),

latest as (
    {{ latest_line_state(
        'mapped', 'line_id',
        known=['buyer_id', 'phone_hash', 'province', 'city'],
    ) }}
),

final as (
    select
        *,
        case
            when refund_amount > 0
                then refund_changed_on
        end as refunded_at
    from latest
)

select * from final
