{#- JD lines with refunds: settlement 货款/支出 rows per order x SKU (given to
    the first line of that SKU; a refund whose SKU is on no line of the order
    goes to the order's first line, so no refund of a known order is lost),
    and a cancelled order that had been paid is a full refund. The union caps
    a refund at what the line paid and keeps the rest as excess. -#}
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

numbered_lines as (
    select
        *,
        row_number() over (
            partition by order_id, product_id order by line_number
        ) = 1 as is_first_of_sku,
        row_number() over (
            partition by order_id order by line_number, line_id
        ) = 1 as is_first_of_order
    from order_lines
),

unmatched_refunds as (
    -- settlement SKUs that no line of the order carries
    select
        order_id,
        sum(refund_amount) as refund_amount,
        max(refunded_at) as refunded_at
    from settlement_refunds
    where
        not exists (
            select 1
            from order_lines
            where order_lines.order_id = settlement_refunds.order_id
                and order_lines.product_id = settlement_refunds.product_id
        )
    group by order_id
),

line_refunds as (
    select
        jd_lines.* exclude (
            refund_amount, is_first_of_sku, is_first_of_order  -- noqa: RF02
        ),
        case
            when jd_lines.is_first_of_sku
                then coalesce(refunds.refund_amount, 0)
            else 0
        end + case
            when jd_lines.is_first_of_order
                then coalesce(unmatched.refund_amount, 0)
            else 0
        end as settlement_refund,
        greatest(
            case
                when jd_lines.is_first_of_sku then refunds.refunded_at
            end,
            case
                when jd_lines.is_first_of_order then unmatched.refunded_at
            end
        ) as settlement_refunded_at
    from numbered_lines as jd_lines
    left join settlement_refunds as refunds
        on jd_lines.order_id = refunds.order_id
            and jd_lines.product_id = refunds.product_id
    left join unmatched_refunds as unmatched
        on jd_lines.order_id = unmatched.order_id
),

final as (
    select
        * exclude (settlement_refund, settlement_refunded_at),
        cast(greatest(
            settlement_refund,
            case
                when canonical_status = 'cancelled' then paid_amount
                else 0
            end
        ) as decimal(18, 2)) as refund_amount,
        case
            when settlement_refund > 0 then settlement_refunded_at
            when canonical_status = 'cancelled' then terminal_changed_on
        end as refunded_at
    from line_refunds
)

select * from final
