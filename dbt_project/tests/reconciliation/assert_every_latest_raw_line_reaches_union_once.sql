{{ config(meta={'dagster': {'ref': {'name': 'int_order_lines_unioned'}}}) }}
{#- "Vertical" reconciliation, raw to union: every order line key found in
    the raw exports (the latest state of each is one key) reaches
    int_order_lines_unioned exactly once, and the union holds nothing else.
    Keys are rebuilt here from the raw tables independently of staging. The
    staging-to-fct_orders half, with amounts, is
    assert_staged_orders_reach_fct_orders. -#}
with

raw_keys as (
    -- Tmall 宝贝报表 lines: 子订单编号, or <订单编号>#<n> in the 2017 layout
    select distinct
        'tmall:' || coalesce(
            line_id,
            order_id || '#' || row_number() over (
                partition by _source_file, _sheet, order_id order by _row_number
            )
        ) as order_line_key
    from {{ source('tmall', 'order_items') }}
    union all
    -- Tmall 订单报表 orders that no 宝贝报表 lists: one line keyed by the order
    select distinct 'tmall:' || order_id
    from {{ source('tmall', 'orders') }}
    where
        order_id not in (
            select items.order_id
            from {{ source('tmall', 'order_items') }} as items
            where items.order_id is not null
        )
    union all
    select distinct 'douyin:' || line_id
    from {{ source('douyin', 'orders') }}
    union all
    select distinct 'pdd:' || order_id || '#1'
    from {{ source('pdd', 'orders') }}
    {% for platform in ['jd', 'kuaishou', 'youzan'] %}
        union all
        select distinct
            '{{ platform }}:' || order_id || '#' || row_number() over (
                partition by _source_file, _sheet, order_id order by _row_number
            )
        from {{ source(platform, 'orders') }}
    {% endfor %}
),

unioned as (
    select
        order_line_key,
        count(*) as n_rows
    from {{ ref('int_order_lines_unioned') }}
    group by order_line_key
),

final as (
    select
        coalesce(raw_keys.order_line_key, unioned.order_line_key)
            as order_line_key,
        coalesce(unioned.n_rows, 0) as n_rows_in_union,
        raw_keys.order_line_key is not null as is_in_raw
    from (select distinct order_line_key from raw_keys) as raw_keys
    full outer join unioned
        on raw_keys.order_line_key = unioned.order_line_key
)

select *
from final
where n_rows_in_union != 1 or not is_in_raw
