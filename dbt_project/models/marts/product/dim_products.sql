{#- ERP product master (latest snapshot per SKU) with each SKU's listing id
    on every platform, taken from order lines (the most frequent product_id
    per platform × SKU). SKUs sold but absent from the master are kept with
    is_in_product_master = false so facts always join. -#}
{%- set platforms = ['tmall', 'jd', 'pdd', 'douyin', 'kuaishou', 'youzan'] -%}
with

products as (
    select * from {{ ref('int_products_latest') }}
),

order_lines as (
    select * from {{ ref('fct_order_lines') }}
    where sku_code is not null
),

listings as (
    select
        sku_code,
        {% for p in platforms %}
            mode(product_id) filter (where platform = '{{ p }}')
                as {{ p }}_product_id,
        {% endfor %}
        min(cast(paid_at as date)) as first_sold_date,
        count(distinct platform) as platforms_sold_on
    from order_lines
    group by sku_code
),

skus as (
    select sku_code from products
    union
    select sku_code from listings
),

final as (
    select
        -- ids
        skus.sku_code,
        products.spu_code,
        -- attributes
        products.sku_name,
        products.category,
        products.brand,
        products.spec,
        products.supplier,
        products.status,
        products.unit_cost,
        products.list_price,
        products.lead_time_days,
        products.launch_date,
        coalesce(products.is_gift, false) as is_gift,
        products.sku_code is not null as is_in_product_master,
        coalesce(products.is_in_latest_master, false) as is_in_latest_master,
        products.exported_date as master_exported_date,
        -- platform listings
        {% for p in platforms %}
            listings.{{ p }}_product_id,
        {% endfor %}
        listings.first_sold_date,
        coalesce(listings.platforms_sold_on, 0) as platforms_sold_on
    from skus
    left join products
        on skus.sku_code = products.sku_code
    left join listings
        on skus.sku_code = listings.sku_code
)

select * from final
