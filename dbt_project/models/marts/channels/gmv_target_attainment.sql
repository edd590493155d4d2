{#- Actual paid GMV against the monthly target of each platform, for the
    months the warehouse has orders for. -#}
with

channel_daily as (
    select * from {{ ref('channel_daily') }}
),

targets as (
    select * from {{ ref('gmv_targets_monthly') }}
),

channel_groups as (
    select * from {{ ref('channel_groups') }}
),

actuals as (
    select
        cast(date_trunc('month', date_day) as date) as month_start,
        platform,
        sum(paid_gmv) as paid_gmv
    from channel_daily
    group by all
    having sum(paid_gmv) > 0 or sum(orders) > 0
),

final as (
    select
        -- ids
        actuals.month_start,
        actuals.platform,
        channel_groups.platform_name as platform_name_cn,
        -- amounts
        cast(actuals.paid_gmv as decimal(18, 2)) as actual_gmv,
        targets.gmv_target as target_gmv,
        -- attainment
        actuals.paid_gmv / nullif(targets.gmv_target, 0) as attainment_pct
    from actuals
    left join targets
        on actuals.month_start = targets.month
            and actuals.platform = targets.platform
    left join channel_groups
        on actuals.platform = channel_groups.platform
)

select * from final
