{#- "Vertical" reconciliation of orders: one row per platform x order export
    x order that staging holds, with what that export says the order paid
    and refunded, what fct_orders holds for it, and what is explained
    (docs/metrics.md, "Nothing disappears"):
      - paid: an order is paid when it has a paid time or a paid-or-later
        status; its paid amount must reach fct_orders exactly from the export
        that carries the order's money (Tmall: the 宝贝报表 lines when they
        carry amounts, else the 订单报表);
      - refunds: the export's refunds must reach fct_orders exactly (JD
        settlement: at least, as a paid order later cancelled is refunded in
        full anyway), except the part above what the line paid
        (refund_above_paid) and refunds of orders no order export lists
        (refund_without_order).
    Anything else is unexplained: assert_staged_orders_reach_fct_orders fails
    the build, naming platform, export, orders and amounts. -#}
with

tmall_items as (
    select * from {{ ref('stg_tmall__order_items') }}
),

tmall_staged as (
    -- Tmall 订单报表: goods only (postage is not GMV); its money counts
    -- where no 宝贝报表 line carries amounts
    select
        'tmall' as platform,
        'orders' as export_type,
        orders.order_id,
        1 as staged_rows,
        case
            when {{ staged_is_paid('orders') }}
                then orders.paid_amount - coalesce(orders.postage, 0)
            else 0
        end as staged_paid_amount,
        orders.refund_amount as staged_refund_amount,
        not exists (
            select 1 from tmall_items
            where tmall_items.order_id = orders.order_id
                and tmall_items.paid_amount is not null
        ) as is_money_source
    from {{ ref('stg_tmall__orders') }} as orders

    union all

    select
        'tmall' as platform,
        'order_items' as export_type,
        order_id,
        count(*) as staged_rows,
        sum(
            case
                when {{ staged_is_paid('tmall_items') }} then paid_amount
                else 0
            end
        ) as staged_paid_amount,
        sum(refund_amount) as staged_refund_amount,
        bool_and(paid_amount is not null) as is_money_source
    from tmall_items
    group by order_id
),

staged as (
    -- Tmall: the export that carries the order's money carries its refunds
    select
        *,
        case when is_money_source then 'exact' end as refund_rule
    from tmall_staged

    {% for platform, model, refund_rule in [
        ('jd', 'stg_jd__orders', none),
        ('pdd', 'stg_pdd__orders', 'exact'),
        ('douyin', 'stg_douyin__orders', none),
        ('kuaishou', 'stg_kuaishou__orders', 'exact'),
        ('youzan', 'stg_youzan__orders', 'exact'),
    ] %}
        union all

        select
            '{{ platform }}' as platform,
            'orders' as export_type,
            order_id,
            count(*) as staged_rows,
            sum(
                case
                    when {{ staged_is_paid('staged_lines') }}
                        then staged_lines.paid_amount
                    else 0
                end
            ) as staged_paid_amount,
            {{ 'sum(staged_lines.refund_amount)' if refund_rule else '0' }}
                as staged_refund_amount,
            true as is_money_source,
            {{ "'" ~ refund_rule ~ "'" if refund_rule else 'null' }}
                as refund_rule
        from {{ ref(model) }} as staged_lines
        group by order_id
    {% endfor %}

    union all

    select
        'jd' as platform,
        'settlement' as export_type,
        order_id,
        count(*) as staged_rows,
        0 as staged_paid_amount,
        sum(refund_amount) as staged_refund_amount,
        false as is_money_source,
        'at_least' as refund_rule
    from {{ ref('stg_jd__settlement') }}
    where is_refund
    group by order_id

    union all

    select
        'douyin' as platform,
        'aftersales' as export_type,
        order_id,
        count(*) as staged_rows,
        0 as staged_paid_amount,
        sum(refund_goods_amount) as staged_refund_amount,
        false as is_money_source,
        'exact' as refund_rule
    from {{ ref('stg_douyin__aftersales') }}
    where is_refunded
    group by order_id
),

marts_orders as (
    select
        order_key,
        paid_amount,
        refund_amount
    from {{ ref('fct_orders') }}
),

marts_excess as (
    select
        order_key,
        sum(refund_excess_amount) as refund_excess_amount
    from {{ ref('fct_order_lines') }}
    group by order_key
),

compared as (
    select
        staged.*,
        staged.platform || ':' || staged.order_id as order_key,
        staged.export_type in ('settlement', 'aftersales') as is_refund_only,
        marts_orders.order_key is not null as in_marts,
        marts_orders.paid_amount as marts_paid_amount,
        marts_orders.refund_amount as marts_refund_amount,
        coalesce(marts_excess.refund_excess_amount, 0)
            as refund_excess_amount,
        -- refunds the export claims that the marts do not hold
        staged.staged_refund_amount - marts_orders.refund_amount
            as refund_gap
    from staged
    left join marts_orders
        on staged.platform || ':' || staged.order_id = marts_orders.order_key
    left join marts_excess
        on marts_orders.order_key = marts_excess.order_key
),

explained as (
    select
        *,
        case
            when not in_marts and is_refund_only then 'refund_without_order'
            when in_marts and refund_rule is not null and refund_gap > 0
                and least(refund_gap, refund_excess_amount) > 0
                then 'refund_above_paid'
        end as exclusion_reason,
        case
            when not in_marts and is_refund_only then staged_refund_amount
            when in_marts and refund_rule is not null and refund_gap > 0
                then least(refund_gap, refund_excess_amount)
            else 0
        end as excluded_refund_amount
    from compared
),

final as (
    select
        *,
        case
            when not in_marts and not is_refund_only then staged_paid_amount
            when in_marts and is_money_source
                then staged_paid_amount - marts_paid_amount
            else 0
        end as unexplained_paid_amount,
        case
            when not in_marts and not is_refund_only
                then staged_refund_amount
            when not in_marts or refund_rule is null then 0
            when refund_rule = 'at_least'
                then greatest(refund_gap - excluded_refund_amount, 0)
            else refund_gap - excluded_refund_amount
        end as unexplained_refund_amount
    from explained
)

select
    *,
    (not in_marts and not is_refund_only)
    or abs(unexplained_paid_amount) >= 0.01
    or abs(unexplained_refund_amount) >= 0.01 as is_unexplained
from final
