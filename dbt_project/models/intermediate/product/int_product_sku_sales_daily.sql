{#- Paid order lines per day and SKU across platforms, dated by payment.
    paid_units counts every paid line (what locked stock that day, the
    oversell basis); sold_units drops lines cancelled before shipping (they
    released their stock), the basis of demand, cover and COGS. -#}
with

order_lines as (
    select * from {{ ref('int_order_lines_enriched') }}
    where paid_at is not null and sku_code is not null
),

products as (
    select * from {{ ref('int_products_latest') }}
),

daily as (
    select
        cast(paid_at as date) as sales_date,
        sku_code,
        -- units
        cast(sum(quantity) as bigint) as paid_units,
        cast(
            sum(quantity) filter (where canonical_status != 'cancelled')
            as bigint
        ) as sold_units,
        -- amounts
        sum(paid_amount) as gmv,
        sum(refund_amount) as refund_amount,
        -- lines
        count(*) as paid_lines,
        count(*) filter (where refund_amount > 0) as refunded_lines,
        count(distinct platform) as platforms
    from order_lines
    group by all
),

final as (
    select
        daily.sales_date,
        daily.sku_code,
        daily.paid_units,
        coalesce(daily.sold_units, 0) as sold_units,
        cast(daily.gmv as decimal(18, 2)) as gmv,
        cast(daily.refund_amount as decimal(18, 2)) as refund_amount,
        daily.paid_lines,
        daily.refunded_lines,
        daily.platforms,
        cast(
            coalesce(daily.sold_units, 0) * products.unit_cost
            as decimal(18, 2)
        ) as cogs
    from daily
    left join products
        on daily.sku_code = products.sku_code
)

select * from final
