{{ order_state_incremental_config('line_id') }}
{#- One row per order line. JD writes one row per order x SKU with the
    order's money repeated, so paid is allocated to lines inside each export
    (base_jd__order_lines) before the latest state is taken. -#}
with

allocated as (
    select * from {{ ref('base_jd__order_lines') }}
    {{ incremental_order_scope(
        source('jd', 'orders'),
        parse_export_time('_file_exported_at')
    ) }}
),

status_map as (
    select * from {{ ref('order_status_map') }}
    where platform = 'jd'
),

mapped as (
    select
        allocated.*,
        cast(null as decimal(18, 2)) as refund_amount,
        status_map.canonical_status,
        status_map.status_rank
    from allocated
    left join status_map
        on allocated.status_text = status_map.status_text
),

final as (
    {{ latest_line_state(
        'mapped', 'line_id',
        known=['buyer_id', 'phone_hash', 'province', 'city'],
    ) }}
)

select * from final
