{#- GMV here is paid GMV (docs/metrics.md). Every channel group of the seed
    appears every month, so shares sum to 1 and a missing group shows 0. -#}
with

channel_daily as (
    select * from {{ ref('channel_daily') }}
),

channel_groups as (
    select * from {{ ref('channel_groups') }}
),

group_targets as (
    select
        channel_group,
        max(channel_group_name) as channel_group_name,
        max(target_share) as target_share
    from channel_groups
    group by channel_group
),

months as (
    select cast(date_trunc('month', date_day) as date) as month_start
    from channel_daily
    group by all
    having sum(paid_gmv) > 0
),

group_gmv as (
    select
        cast(date_trunc('month', date_day) as date) as month_start,
        channel_group,
        sum(paid_gmv) as paid_gmv
    from channel_daily
    group by all
),

final as (
    select
        -- ids
        months.month_start,
        group_targets.channel_group,
        group_targets.channel_group_name as channel_group_cn,
        -- amounts
        cast(coalesce(group_gmv.paid_gmv, 0) as decimal(18, 2)) as paid_gmv,
        -- shares
        coalesce(group_gmv.paid_gmv, 0) / nullif(sum(group_gmv.paid_gmv)
            over (partition by months.month_start), 0) as gmv_share,
        group_targets.target_share,
        coalesce(group_gmv.paid_gmv, 0) / nullif(sum(group_gmv.paid_gmv)
            over (partition by months.month_start), 0)
        - group_targets.target_share as share_gap,
        -- growth against the calendar month before / a year before (NULL
        -- when that month has no data)
        group_gmv.paid_gmv / nullif(sum(group_gmv.paid_gmv) over (
            partition by group_targets.channel_group
            order by months.month_start
            range between interval 1 month preceding
            and interval 1 month preceding
        ), 0) - 1 as mom_growth,
        group_gmv.paid_gmv / nullif(sum(group_gmv.paid_gmv) over (
            partition by group_targets.channel_group
            order by months.month_start
            range between interval 12 month preceding
            and interval 12 month preceding
        ), 0) - 1 as yoy_growth
    from months
    cross join group_targets
    left join group_gmv
        on months.month_start = group_gmv.month_start
            and group_targets.channel_group = group_gmv.channel_group
)

select * from final
