{{ order_state_incremental_config('line_id') }}
{#- One row per order = one line (`<order_id>#1`). 订单成交时间 can be blank:
    the order id starts with the creation date YYMMDD. The export time comes
    from the file name (`_file_exported_at`), else the load time. The real
    export has no 支付时间: PDD lists an order once it is paid (拼单), so a
    row whose status is paid or later is paid at 订单成交时间. It has no buyer
    id either: the order is then its own anonymous buyer downstream. -#}
with

source as (
    select * from {{ source('pdd', 'orders') }}
    {{ incremental_order_scope(
        source('pdd', 'orders'),
        parse_export_time('_file_exported_at')
    ) }}
),

status_map as (
    select * from {{ ref('order_status_map') }}
    where platform = 'pdd'
),

typed as (
    select
        -- ids
        order_id,
        order_id || '#1' as line_id,
        {{ parse_text('buyer_id') }} as buyer_id,
        product_id,
        sku_code,
        {{ clean_status_text('order_status') }} as status_text,
        {{ parse_text('aftersale_status') }} as aftersale_status,
        {{ parse_text('province') }} as province,
        {{ parse_text('city') }} as city,
        -- amounts
        {{ parse_int('quantity') }} as quantity,
        {{ parse_money('goods_amount') }} as list_amount,
        {{ parse_money('paid_amount') }} as paid_amount,
        -- timestamps
        coalesce(
            {{ parse_ts('created_at') }},
            try_strptime('20' || left(order_id, 6), '%Y%m%d')
        ) as created_at,
        {{ parse_ts('paid_at') }} as paid_at,
        {{ parse_ts('shipped_at') }} as shipped_at,
        {{ parse_ts('confirmed_at') }} as completed_at,
        coalesce(
            {{ parse_export_time('_file_exported_at') }},
            cast(_loaded_at as timestamp)
        ) as exported_at,
        -- lineage
        _source_file,
        _row_number,
        _loaded_at
    from source
),

mapped as (
    select
        typed.* exclude (paid_at),
        coalesce(
            typed.paid_at,
            case
                when status_map.status_rank >= 1
                    and status_map.canonical_status != 'closed'
                    then typed.created_at
            end
        ) as paid_at,
        status_map.canonical_status,
        status_map.status_rank,
        -- 退款成功 (status or after-sale) refunds what was paid
        case
            when typed.status_text like '%退款成功'
                or typed.aftersale_status = '退款成功'
                then typed.paid_amount
            else 0
        end as refund_amount
    from typed
    left join status_map
        on typed.status_text = status_map.status_text
),

latest as (
    {{ latest_line_state(
        'mapped', 'line_id',
        known=['buyer_id', 'province', 'city'],
    ) }}
),

final as (
    select
        *,
        cast(list_amount / nullif(quantity, 0) as decimal(18, 2))
            as unit_price,
        case
            when refund_amount > 0
                then refund_changed_on
        end as refunded_at
    from latest
)

select * from final
