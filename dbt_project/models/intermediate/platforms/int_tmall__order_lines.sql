{#- One row per Tmall order line, from the two reports of one download:
      - 宝贝报表 lines (stg_tmall__order_items) take buyer, shop, region and
        phone hash from their main order (stg_tmall__orders) and keep their
        own status and refund (a line can be refunded alone). Lines of the
        2017 layout carry no amounts: the order's goods paid and refund are
        split over them by list value, the last line taking the remainder.
      - The 订单报表 stands on its own: an order that no 宝贝报表 lists is
        one line of unknown product (no SKU) keyed by its order id, as a
        single-line order's 子订单编号 equals its 主订单编号, with the order's
        goods paid (实付 − 邮费), refund, status and times.
    Goods only: postage is not GMV (docs/metrics.md). -#}
with

order_items as (
    select * from {{ ref('stg_tmall__order_items') }}
),

orders as (
    select * from {{ ref('stg_tmall__orders') }}
),

order_goods as (
    select
        *,
        cast(paid_amount - coalesce(postage, 0) as decimal(18, 2))
            as goods_paid_amount
    from orders
),

item_lines as (
    select
        *,
        paid_amount is null as takes_order_amounts,
        coalesce(unit_price * quantity, 0) as list_value,
        row_number() over (
            partition by order_id order by line_id
        ) as line_number,
        count(*) over (partition by order_id) as order_lines,
        sum(coalesce(unit_price * quantity, 0))
            over (partition by order_id) as order_list_value
    from order_items
),

allocated as (
    select
        item_lines.*,
        -- a line's share of the order's goods paid and refund (2017 layout)
        cast(round(
            order_goods.goods_paid_amount * item_lines.list_value
            / nullif(item_lines.order_list_value, 0), 2
        ) as decimal(18, 2)) as paid_share,
        cast(round(
            order_goods.refund_amount * item_lines.list_value
            / nullif(item_lines.order_list_value, 0), 2
        ) as decimal(18, 2)) as refund_share,
        order_goods.goods_paid_amount as order_goods_paid_amount,
        order_goods.refund_amount as order_refund_amount
    from item_lines
    left join order_goods
        on item_lines.order_id = order_goods.order_id
),

item_amounts as (
    select
        * exclude (paid_amount, refund_amount),
        case
            when not takes_order_amounts then paid_amount
            when line_number < order_lines then paid_share
            -- the last line takes the remainder, so lines sum to the order
            else order_goods_paid_amount
                - coalesce(sum(paid_share) over earlier_lines, 0)
        end as paid_amount,
        case
            when not takes_order_amounts then refund_amount
            when line_number < order_lines then refund_share
            else order_refund_amount
                - coalesce(sum(refund_share) over earlier_lines, 0)
        end as refund_amount
    from allocated
    window earlier_lines as (
        partition by order_id order by line_number
        rows between unbounded preceding and 1 preceding
    )
),

from_items as (
    select
        -- ids
        item_amounts.order_id,
        item_amounts.line_id,
        orders.buyer_id,
        item_amounts.product_id,
        item_amounts.sku_code,
        orders.shop_name,
        -- status: the line's own (a line can be refunded alone)
        item_amounts.status_text,
        item_amounts.canonical_status,
        item_amounts.status_rank,
        -- region
        orders.province,
        orders.city,
        orders.phone_hash,
        -- amounts
        item_amounts.quantity,
        item_amounts.unit_price,
        item_amounts.unit_price * item_amounts.quantity as list_amount,
        item_amounts.paid_amount,
        item_amounts.refund_amount,
        -- timestamps
        coalesce(item_amounts.created_at, orders.created_at) as created_at,
        coalesce(item_amounts.paid_at, orders.paid_at) as paid_at,
        orders.shipped_at,
        orders.completed_at,
        case
            when item_amounts.refund_amount > 0
                then
                    coalesce(
                        item_amounts.refund_changed_on,
                        orders.refund_changed_on
                    )
        end as refunded_at,
        item_amounts.exported_at,
        item_amounts.export_rows
    from item_amounts
    left join orders
        on item_amounts.order_id = orders.order_id
),

from_orders as (
    select
        -- ids
        order_id,
        order_id as line_id,
        buyer_id,
        cast(null as varchar) as product_id,
        cast(null as varchar) as sku_code,
        shop_name,
        -- status
        status_text,
        canonical_status,
        status_rank,
        -- region
        province,
        city,
        phone_hash,
        -- amounts
        coalesce(item_quantity, 1) as quantity,
        cast(null as decimal(18, 2)) as unit_price,
        goods_amount as list_amount,
        goods_paid_amount as paid_amount,
        refund_amount,
        -- timestamps
        created_at,
        paid_at,
        shipped_at,
        completed_at,
        case
            when refund_amount > 0
                then refund_changed_on
        end as refunded_at,
        exported_at,
        export_rows
    from order_goods
    where
        not exists (
            select 1
            from order_items
            where order_items.order_id = order_goods.order_id
        )
),

final as (
    select * from from_items
    union all
    select * from from_orders
)

select * from final
