{#- Paid order lines per payment month × SKU across platforms. -#}
with

order_lines as (
    select * from {{ ref('int_order_lines_enriched') }}
    where paid_at is not null and sku_code is not null
),

final as (
    select
        cast(date_trunc('month', cast(paid_at as date)) as date) as month,
        sku_code,
        -- amounts
        cast(sum(paid_amount) as decimal(18, 2)) as gmv,
        cast(sum(refund_amount) as decimal(18, 2)) as refund_amount,
        -- net of each line as fct_order_lines.net_amount, then summed
        cast(sum(
            cast(paid_amount - refund_amount as decimal(18, 2))
        ) as decimal(18, 2)) as net_sales,
        -- units and lines
        cast(
            sum(quantity) filter (where canonical_status != 'cancelled')
            as bigint
        ) as units,
        count(*) as paid_lines,
        count(*) filter (where refund_amount > 0) as refunded_lines,
        count(*) filter (
            where refund_amount > 0 and shipped_at is not null
        ) as returned_lines,
        count(*) filter (where shipped_at is not null) as shipped_lines,
        count(distinct customer_id) as buyers
    from order_lines
    group by all
)

select * from final
