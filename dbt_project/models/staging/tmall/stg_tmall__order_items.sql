{{ order_state_incremental_config('line_id') }}
{#- One row per order line in its latest state. The 2017 宝贝报表 has no
    子订单编号, amounts or times: its lines are numbered per order in file
    order (`<订单编号>#<n>`, as JD's) and take their money and times from
    the 订单报表 (int_tmall__order_lines). -#}
with

source as (
    select * from {{ source('tmall', 'order_items') }}
    {{ incremental_order_scope(
        source('tmall', 'order_items'),
        parse_export_time('_file_exported_at')
    ) }}
),

status_map as (
    select * from {{ ref('order_status_map') }}
    where platform = 'tmall'
),

typed as (
    select
        -- ids
        coalesce(line_id, order_id || '#' || row_number() over (
            partition by _source_file, _sheet, order_id order by _row_number
        )) as line_id,
        order_id,
        product_id,
        sku_code,
        {{ clean_status_text('order_status') }} as status_text,
        {{ parse_text('refund_status') }} as refund_status,
        -- amounts
        {{ parse_int('quantity') }} as quantity,
        {{ parse_money('unit_price') }} as unit_price,
        {{ parse_money('payable_amount') }} as payable_amount,
        {{ parse_money('paid_amount') }} as paid_amount,
        case
            when coalesce({{ parse_text('refund_status') }}, '退款成功')
                = '退款成功'
                then {{ parse_money('refund_amount') }}
        end as refund_amount,
        -- timestamps
        {{ parse_ts('created_at') }} as created_at,
        {{ parse_ts('paid_at') }} as paid_at,
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

final as (
    {{ latest_line_state('mapped', 'line_id') }}
)

select * from final
