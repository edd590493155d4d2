{#- "3+1" role of each SKU in each month (docs/inventory_and_kpi.md):
      gift           free samples (is_gift), outside the matrix;
      customised     category in var customised_categories (礼盒);
      potential_new  launched within var new_product_days (180) of month end;
      core_hit       the rest, ranked by the month's GMV, while the GMV
                     before the SKU is under var core_hit_gmv_share (0.80)
                     of the rest's GMV (the Pareto head);
      long_tail      everything else. -#}
{#- var customised_categories as a SQL list: '礼盒', ... -#}
{%- set customised_category_list = "'" ~ (
    var('customised_categories', ['礼盒']) | join("', '")
) ~ "'" -%}
with

sku_monthly as (
    select * from {{ ref('int_product_sku_monthly') }}
),

products as (
    select * from {{ ref('int_products_latest') }}
),

classed as (
    select
        sku_monthly.month,
        sku_monthly.sku_code,
        sku_monthly.gmv,
        case
            when products.is_gift then 'gift'
            when products.category in ({{ customised_category_list }})
                then 'customised'
            when products.launch_date > last_day(sku_monthly.month)
                - {{ var('new_product_days', 180) }} then 'potential_new'
        end as fixed_role
    from sku_monthly
    left join products
        on sku_monthly.sku_code = products.sku_code
),

ranked as (
    select
        *,
        coalesce(sum(gmv) over (
            partition by month, fixed_role is null
            order by gmv desc, sku_code asc
            rows between unbounded preceding and 1 preceding
        ), 0) / nullif(sum(gmv) over (
            partition by month, fixed_role is null
        ), 0) as gmv_share_before
    from classed
),

final as (
    select
        month,
        sku_code,
        coalesce(
            fixed_role,
            case when gmv_share_before < {{ var('core_hit_gmv_share', 0.80) }}
                    then 'core_hit'
                else 'long_tail'
            end
        ) as product_role
    from ranked
)

select * from final
