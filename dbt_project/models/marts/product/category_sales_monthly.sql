{#- GMV and share by ERP category per payment month, with repurchase: the
    share of the month's category buyers who had paid for the category
    before (an earlier order, any month). Buyers are fct_order_lines'
    customer_id. Lines without product detail (no SKU: a Tmall order known
    only from its 订单报表) are the category 无商品明细, so the shares cover
    all paid GMV and state how much of it no product figure sees. -#}
with

order_lines as (
    select * from {{ ref('fct_order_lines') }}
    where paid_at is not null
),

products as (
    select * from {{ ref('dim_products') }}
),

lines as (
    select
        cast(date_trunc('month', order_lines.paid_date) as date) as month,
        case
            when not order_lines.has_product_detail then '无商品明细'
            else coalesce(products.category, '未知')
        end as category,
        order_lines.customer_id,
        order_lines.order_key,
        order_lines.paid_at,
        order_lines.paid_amount,
        order_lines.quantity
    from order_lines
    left join products
        on order_lines.sku_code = products.sku_code
),

first_purchase as (
    select
        customer_id,
        category,
        min(paid_at) as first_paid_at
    from lines
    group by all
),

monthly as (
    select
        lines.month,
        lines.category,
        sum(lines.paid_amount) as gmv,
        sum(lines.quantity) as units,
        count(distinct lines.order_key) as orders,
        count(distinct lines.customer_id) as buyers,
        count(distinct lines.customer_id) filter (
            where lines.paid_at > first_purchase.first_paid_at
        ) as repeat_buyers
    from lines
    left join first_purchase
        on lines.customer_id = first_purchase.customer_id
            and lines.category = first_purchase.category
    group by all
),

final as (
    select
        month,
        category,
        cast(gmv as decimal(18, 2)) as gmv,
        gmv / nullif(sum(gmv) over (partition by month), 0) as gmv_share,
        cast(units as bigint) as units,
        orders,
        buyers,
        repeat_buyers,
        repeat_buyers / nullif(buyers, 0) as repurchase_rate
    from monthly
)

select * from final
