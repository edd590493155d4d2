{#- SKU performance per month. GMV, refunds and returns belong to the month
    the lines were paid; ratings to the month the reviews were written.
    Rating bands follow the plans: ≥ 4.8 high, ≤ 4.2 low. Chinese labels:
    product_role_cn from seed product_role_targets (gift 赠品, outside the
    matrix); rating_band_cn labels the band: high 高分, mid 中等, low 低分, no_reviews 无评价. -#}
with

sku_monthly as (
    select * from {{ ref('int_product_sku_monthly') }}
),

roles as (
    select * from {{ ref('int_product_roles_monthly') }}
),

products as (
    select * from {{ ref('dim_products') }}
),

role_targets as (
    select * from {{ ref('product_role_targets') }}
),

reviews as (
    select
        cast(date_trunc('month', review_date) as date) as month,
        sku_code,
        count(*) as reviews,
        avg(rating) as avg_rating
    from {{ ref('stg_cs__reviews') }}
    where sku_code is not null
    group by all
),

banded as (
    select
        -- keys
        sku_monthly.month,
        sku_monthly.sku_code,
        products.spu_code,
        products.category,
        roles.product_role,
        case
            when roles.product_role = 'gift' then '赠品'
            else role_targets.product_role_name
        end as product_role_cn,
        -- sales
        sku_monthly.gmv,
        sku_monthly.gmv / nullif(sum(sku_monthly.gmv) over (
            partition by sku_monthly.month
        ), 0) as gmv_share,
        sku_monthly.units,
        sku_monthly.paid_lines,
        sku_monthly.buyers,
        sku_monthly.refund_amount,
        sku_monthly.net_sales,
        -- refunds and returns
        sku_monthly.refund_amount / nullif(sku_monthly.gmv, 0)
            as refund_rate,
        sku_monthly.returned_lines / nullif(sku_monthly.shipped_lines, 0)
            as return_rate,
        -- ratings
        coalesce(reviews.reviews, 0) as reviews,
        reviews.avg_rating,
        case
            when reviews.avg_rating is null then 'no_reviews'
            when reviews.avg_rating >= 4.8 then 'high'
            when reviews.avg_rating <= 4.2 then 'low'
            else 'mid'
        end as rating_band
    from sku_monthly
    left join roles
        on sku_monthly.month = roles.month
            and sku_monthly.sku_code = roles.sku_code
    left join products
        on sku_monthly.sku_code = products.sku_code
    left join role_targets
        on roles.product_role = role_targets.product_role
    left join reviews
        on sku_monthly.month = reviews.month
            and sku_monthly.sku_code = reviews.sku_code
),

final as (
    select
        *,
        -- the band's label, from the code so the thresholds live in one place
        case rating_band
            when 'high' then '高分'
            when 'mid' then '中等'
            when 'low' then '低分'
            when 'no_reviews' then '无评价'
        end as rating_band_cn
    from banded
)

select * from final
