{#- Paid GMV by region of the delivery address; lines whose province is
    unknown fall in 未知. Months are those with paid orders. -#}
with

order_lines as (
    select * from {{ ref('fct_order_lines') }}
),

regions as (
    select distinct region from {{ ref('province_regions') }}
    union
    select '未知' as region
),

months as (
    select cast(date_trunc('month', paid_date) as date) as month_start
    from order_lines
    where paid_date is not null
    group by all
),

region_gmv as (
    select
        cast(date_trunc('month', paid_date) as date) as month_start,
        region,
        sum(paid_amount) as paid_gmv,
        count(distinct order_key) as paid_orders
    from order_lines
    where paid_date is not null
    group by all
),

final as (
    select
        -- ids
        months.month_start,
        regions.region,
        -- amounts
        cast(coalesce(region_gmv.paid_gmv, 0) as decimal(18, 2)) as paid_gmv,
        coalesce(region_gmv.paid_orders, 0) as paid_orders,
        -- share and growth
        coalesce(region_gmv.paid_gmv, 0) / nullif(sum(region_gmv.paid_gmv)
            over (partition by months.month_start), 0) as gmv_share,
        region_gmv.paid_gmv / nullif(sum(region_gmv.paid_gmv) over (
            partition by regions.region
            order by months.month_start
            range between interval 1 month preceding
            and interval 1 month preceding
        ), 0) - 1 as mom_growth,
        region_gmv.paid_gmv / nullif(sum(region_gmv.paid_gmv) over (
            partition by regions.region
            order by months.month_start
            range between interval 12 month preceding
            and interval 12 month preceding
        ), 0) - 1 as yoy_growth
    from months
    cross join regions
    left join region_gmv
        on months.month_start = region_gmv.month_start
            and regions.region = region_gmv.region
)

select * from final
