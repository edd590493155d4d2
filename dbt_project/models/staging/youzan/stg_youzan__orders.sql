{{ order_state_incremental_config('line_id') }}
{#- One row per order line (`<order_id>#<n>`). The buyer's phone is the
    private-domain identity: only its salted hash leaves staging. The export
    has no creation time: the day of the first file listing the order (or
    the paid time that day) stands in. -#}
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
        {{ hash_phone('buyer_phone') }} as buyer_id,
        {{ hash_phone('buyer_phone') }} as phone_hash,
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
        typed.*,
        status_map.canonical_status,
        status_map.status_rank
    from typed
    left join status_map
        on typed.status_text = status_map.status_text
),

latest as (
    {{ latest_line_state('mapped', 'line_id') }}
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
