{#- Every platform's order lines on one canonical schema (macro
    order_line_columns; a column a platform lacks is a typed NULL), with
    platform, channel group and shop. Marts never special-case a platform.
    The one place where money is made consistent: a line not paid has paid
    amount 0, and a refund never exceeds what the line paid; the part of a
    refund above it is kept as refund_excess_amount, so the reconciliation
    (order_reconciliation) can account for it. -#}
{%- set platform_models = {
    'tmall': 'int_tmall__order_lines',
    'jd': 'int_jd__order_lines',
    'pdd': 'stg_pdd__orders',
    'douyin': 'int_douyin__order_lines',
    'kuaishou': 'stg_kuaishou__orders',
    'youzan': 'stg_youzan__orders',
} -%}

with

channel_groups as (
    select * from {{ ref('channel_groups') }}
),

stacked as (
    {% for platform, model in platform_models.items() %}
    {{ select_canonical(ref(model), order_line_columns(), platform) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

unioned as (
    select
        *,
        -- some exports show the amount due on unpaid orders: not paid
        case
            when paid_at is null then 0.00
            else coalesce(paid_amount, 0.00)
        end as settled_paid_amount
    from stacked
),

final as (
    select
        -- ids
        unioned.platform || ':' || unioned.line_id as order_line_key,
        unioned.platform || ':' || unioned.order_id as order_key,
        unioned.platform,
        channel_groups.channel_group,
        coalesce(unioned.shop_name, channel_groups.platform_name)
            as shop_name,
        unioned.* exclude (
            platform, shop_name, is_gift, list_amount, paid_amount,
            refund_amount, settled_paid_amount
        ),
        coalesce(
            unioned.list_amount,
            cast(unioned.unit_price * unioned.quantity as decimal(18, 2))
        ) as list_amount,
        unioned.settled_paid_amount as paid_amount,
        -- (a negative paid amount is a broken export for the paid-amount
        -- tests to catch, not a negative refund)
        least(
            coalesce(unioned.refund_amount, 0),
            greatest(unioned.settled_paid_amount, 0)
        ) as refund_amount,
        greatest(
            coalesce(unioned.refund_amount, 0)
            - greatest(unioned.settled_paid_amount, 0),
            0
        ) as refund_excess_amount,
        -- gifts (赠品) are lines with no list value (and nothing paid, where
        -- the export has no list price)
        coalesce(
            unioned.list_amount,
            cast(unioned.unit_price * unioned.quantity as decimal(18, 2)),
            unioned.paid_amount,
            0
        ) = 0 as is_gift
    from unioned
    left join channel_groups
        on unioned.platform = channel_groups.platform
)

select * from final
