{#- Actual GMV share of each "3+1" role per month against the 40/30/20/10
    target (seed product_role_targets). Gifts sit outside the matrix. -#}
with

performance as (
    select * from {{ ref('product_performance_monthly') }}
    where product_role != 'gift'
),

targets as (
    select * from {{ ref('product_role_targets') }}
),

months as (
    select distinct month from performance
),

by_role as (
    select
        month,
        product_role,
        count(*) as skus,
        sum(gmv) as gmv
    from performance
    group by all
),

final as (
    select
        months.month,
        targets.product_role,
        targets.product_role_name,
        coalesce(by_role.skus, 0) as skus,
        cast(coalesce(by_role.gmv, 0) as decimal(18, 2)) as gmv,
        coalesce(by_role.gmv, 0) / nullif(sum(by_role.gmv) over (
            partition by months.month
        ), 0) as gmv_share,
        targets.target_share,
        coalesce(by_role.gmv, 0) / nullif(sum(by_role.gmv) over (
            partition by months.month
        ), 0) - targets.target_share as share_gap
    from months
    cross join targets
    left join by_role
        on months.month = by_role.month
            and targets.product_role = by_role.product_role
)

select * from final
