{{ config(
    severity='warn',
    meta={'dagster': {'ref': {'name': 'int_tmall__order_lines'}}},
) }}
{#- "Horizontal", Tmall: where both reports list an order and the 宝贝报表
    lines carry amounts, the marts use the lines; the 订单报表's goods paid
    (买家实际支付金额 − 买家应付邮费) and refund must equal the sums of the
    lines within 0.01 per line (order-level discounts are allocated to lines
    rounded to the cent). A warning, not a gate: nothing is lost either way,
    but a gap means the two reports disagree and the figures follow the
    lines (docs/metrics.md). -#}
with

orders as (
    select
        order_id,
        paid_amount - coalesce(postage, 0) as goods_paid_amount,
        refund_amount,
        paid_at is not null or status_rank >= 1 as is_paid
    from {{ ref('stg_tmall__orders') }}
),

lines as (
    select
        order_id,
        count(*) as line_count,
        sum(paid_amount) as paid_amount,
        sum(refund_amount) as refund_amount
    from {{ ref('stg_tmall__order_items') }}
    group by order_id
    having bool_and(paid_amount is not null)
)

select
    orders.order_id,
    orders.goods_paid_amount,
    lines.paid_amount as lines_paid_amount,
    orders.refund_amount,
    lines.refund_amount as lines_refund_amount
from orders
inner join lines
    on orders.order_id = lines.order_id
where orders.is_paid
    and (
        abs(orders.goods_paid_amount - lines.paid_amount)
        > 0.01 * lines.line_count
        or abs(orders.refund_amount - lines.refund_amount)
        > 0.01 * lines.line_count
    )
