{#- JD lines with refunds: settlement 货款/支出 rows per order x SKU (given to
    the first line of that SKU), and a cancelled order that had been paid is a
    full refund. A refund never exceeds the line's paid amount. -#}
with

order_lines as (
    select * from {{ ref('stg_jd__orders') }}
),

settlement as (
    select * from {{ ref('stg_jd__settlement') }}
),

settlement_refunds as (
    select
        order_id,
        product_id,
        sum(refund_amount) as refund_amount,
        max(coalesce(refunded_at, cast(bill_date as timestamp)))
            as refunded_at
    from settlement
    where is_refund
    group by order_id, product_id
),

first_line_per_sku as (
    select
        *,
        row_number() over (
            partition by order_id, product_id order by line_number
        ) = 1 as is_first_of_sku
    from order_lines
),

final as (
    select
        jd_lines.* exclude (refund_amount, is_first_of_sku),
        cast(least(jd_lines.paid_amount, greatest(
            case
                when jd_lines.is_first_of_sku
                    then coalesce(refunds.refund_amount, 0)
                else 0
            end,
            case
                when jd_lines.canonical_status = 'cancelled'
                    then jd_lines.paid_amount
                else 0
            end
        )) as decimal(18, 2)) as refund_amount,
        case
            when jd_lines.is_first_of_sku and refunds.refund_amount > 0
                then refunds.refunded_at
            when jd_lines.canonical_status = 'cancelled'
                then jd_lines.terminal_changed_on
        end as refunded_at
    from first_line_per_sku as jd_lines
    left join settlement_refunds as refunds
        on jd_lines.order_id = refunds.order_id
            and jd_lines.product_id = refunds.product_id
)

select * from final
