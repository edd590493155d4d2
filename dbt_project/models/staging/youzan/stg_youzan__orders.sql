{{ order_state_incremental_config('line_id') }}
{#- One row per order line (`<order_id>#<n>`). The buyer's phone is the
    private-domain identity: 买家手机号, else 收货人手机号/提货人手机号 (the
    verbatim 36-column export has only that one); only its salted hash leaves
    staging. The export has no creation time: the day of the first file
    listing the order (or the paid time that day) stands in. Without
    买家付款时间 (the 36 columns), a row whose status is paid or later (or
    closed with a refund) was paid at the time its order number carries
    (E + yyyyMMddHHmmss), else on the day of its file. -#}
with

source as (
    select * from {{ source('youzan', 'orders') }}
    {{ incremental_order_scope(
        source('youzan', 'orders'),
        parse_export_time('_file_exported_at')
    ) }}
),

status_map as (
    select * from {{ ref('order_status_map') }}
    where platform = 'youzan'
),

typed as (
    select
        -- ids
        order_id,
        order_id || '#' || row_number() over (
            partition by _source_file, _sheet, order_id order by _row_number
        ) as line_id,
        {{ hash_phone('coalesce(buyer_phone, receiver_phone)') }} as buyer_id,
        {{ hash_phone('coalesce(buyer_phone, receiver_phone)') }}
            as phone_hash,
        product_id,
        sku_code,
        {{ clean_status_text('order_status') }} as status_text,
        {{ parse_text('refund_status') }} as refund_status,
        {{ parse_text('province') }} as province,
        {{ parse_text('city') }} as city,
        -- amounts
        {{ parse_int('quantity') }} as quantity,
        {{ parse_money('unit_price') }} as unit_price,
        {{ parse_money('goods_amount') }} as goods_amount,
        {{ parse_money('paid_amount') }} as paid_amount,
        {{ parse_money('refund_amount') }} as refund_amount,
        -- timestamps
        {{ parse_ts('paid_at') }} as paid_at,
        {{ parse_ts('shipped_at') }} as shipped_at,
        {{ parse_ts('completed_at') }} as completed_at,
        {{ parse_export_time('_file_exported_at') }} as exported_at,
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
                    and (
                        status_map.canonical_status != 'closed'
                        or typed.refund_amount > 0
                    )
                    then
                        coalesce(
                            try_strptime(
                                regexp_extract(
                                    typed.order_id, '^E(\d{14})', 1
                                ),
                                '%Y%m%d%H%M%S'
                            ),
                            {{ export_change_day('typed.exported_at') }}
                        )
            end
        ) as paid_at,
        status_map.canonical_status,
        status_map.status_rank
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
        -- an order is first listed in the file of the day it was created
        case
            when cast(paid_at as date) = first_file_day then paid_at
            else first_file_day
        end as created_at,
        case
            when refund_amount > 0
                then refund_changed_on
        end as refunded_at
    from latest
)

select * from final
