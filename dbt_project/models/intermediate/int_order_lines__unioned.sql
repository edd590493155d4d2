{#- Every platform's order lines on one canonical schema (macro
    order_line_columns; a column a platform lacks is a typed NULL), with
    platform, channel group and shop. Marts never special-case a platform. -#}
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

unioned as (
    {% for platform, model in platform_models.items() %}
    {{ select_canonical(ref(model), order_line_columns(), platform) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
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
            platform, shop_name, is_gift, list_amount, paid_amount
        ),
        coalesce(
            unioned.list_amount,
            cast(unioned.unit_price * unioned.quantity as decimal(18, 2))
        ) as list_amount,
        -- some exports show the amount due on unpaid orders: not paid
        case
            when unioned.paid_at is null then 0.00
            else unioned.paid_amount
        end as paid_amount,
        -- gifts (赠品) are lines with no list value
        coalesce(
            unioned.list_amount,
            cast(unioned.unit_price * unioned.quantity as decimal(18, 2)),
            0
        ) = 0 as is_gift
    from unioned
    left join channel_groups
        on unioned.platform = channel_groups.platform
)

select * from final
