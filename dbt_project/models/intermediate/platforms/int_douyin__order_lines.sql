{#- Douyin lines with refunds from the after-sales export: goods refunded by
    every successful 售后单 of the line, dated by the refund time. The union
    caps a refund at what the line paid and keeps the rest as excess. -#}
with

order_lines as (
    select * from {{ ref('stg_douyin__orders') }}
),

aftersales as (
    select * from {{ ref('stg_douyin__aftersales') }}
),

line_refunds as (
    select
        line_id,
        sum(refund_goods_amount) as refund_amount,
        max(coalesce(refunded_at, applied_at)) as refunded_at
    from aftersales
    where is_refunded
    group by line_id
),

final as (
    select
        order_lines.* exclude (refund_amount),
        cast(
            coalesce(line_refunds.refund_amount, 0) as decimal(18, 2)
        ) as refund_amount,
        line_refunds.refunded_at
    from order_lines
    left join line_refunds
        on order_lines.line_id = line_refunds.line_id
)

select * from final
