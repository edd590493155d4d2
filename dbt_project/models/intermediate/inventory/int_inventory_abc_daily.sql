{#- ABC class per day: SKUs ranked by trailing-90-day sales value; A while
    the share of the value before the SKU is under var abc_a_share (0.80),
    B under abc_b_share (0.95), C for the rest and every SKU without sales.
    The SKU that crosses a threshold belongs to the higher class. -#}
with

sku_trailing as (
    select * from {{ ref('int_inventory_sku_trailing') }}
),

ranked as (
    select
        date_day,
        sku_code,
        gmv_90d,
        sum(gmv_90d) over (partition by date_day) as total_gmv_90d,
        coalesce(sum(gmv_90d) over (
            partition by date_day
            order by gmv_90d desc, sku_code asc
            rows between unbounded preceding and 1 preceding
        ), 0) as gmv_before
    from sku_trailing
),

final as (
    select
        date_day,
        sku_code,
        gmv_90d,
        gmv_90d / nullif(total_gmv_90d, 0) as gmv_share_90d,
        case
            when coalesce(gmv_90d, 0) <= 0 then 'C'
            when gmv_before / total_gmv_90d < {{ var('abc_a_share', 0.80) }}
                then 'A'
            when gmv_before / total_gmv_90d < {{ var('abc_b_share', 0.95) }}
                then 'B'
            else 'C'
        end as abc_class
    from ranked
)

select * from final
