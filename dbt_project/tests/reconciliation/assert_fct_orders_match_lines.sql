{{ config(meta={'dagster': {'ref': {'name': 'fct_orders'}}}) }}
-- "Horizontal": order totals equal the sums of their lines.
with

lines as (
    select
        order_key,
        sum(paid_amount) as paid_amount,
        sum(refund_amount) as refund_amount
    from {{ ref('fct_order_lines') }}
    group by order_key
)

select orders.order_key
from {{ ref('fct_orders') }} as orders
left join lines on orders.order_key = lines.order_key
where orders.paid_amount is distinct from lines.paid_amount
    or orders.refund_amount is distinct from lines.refund_amount
