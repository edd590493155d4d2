with

source as (
    select * from {{ source('jd', 'settlement') }}
),

typed as (
    select distinct
        -- ids
        order_id,
        parent_order_id,
        aftersale_id,
        product_id,
        {{ parse_text('fee_name') }} as fee_name,
        {{ parse_text('direction') }} as direction,
        {{ parse_text('settlement_status') }} as settlement_status,
        -- amounts
        {{ parse_int('quantity') }} as quantity,
        {{ parse_money('amount') }} as amount,
        -- timestamps
        {{ parse_ts('created_at') }} as created_at,
        {{ parse_ts('refunded_at') }} as refunded_at,
        {{ parse_ts('credited_at') }} as credited_at,
        coalesce(
            {{ parse_date('bill_date') }}, {{ parse_date('_file_bill_date') }}
        ) as bill_date
    from source
),

final as (
    select
        *,
        -- 货款 paid out (支出) is money returned to the buyer: a refund
        coalesce(fee_name = '货款' and direction = '支出', false) as is_refund,
        case
            when fee_name = '货款' and direction = '支出' then abs(amount)
            else 0
        end as refund_amount
    from typed
)

select * from final
