{#- Lift = average daily paid GMV in the phase / average daily paid GMV in
    the baseline window before the event - 1 (NULL without baseline data).
    Discount and refund rates are over the lines paid in the phase. -#}
with

phases as (
    select * from {{ ref('int_promotion_phases') }}
),

order_lines as (
    select * from {{ ref('fct_order_lines') }}
),

channel_groups as (
    select * from {{ ref('channel_groups') }}
),

platforms as (
    select distinct platform from order_lines
),

phase_platforms as (
    select
        phases.*,
        platforms.platform
    from phases
    cross join platforms
),

in_window as (
    select
        phase_platforms.event_key,
        phase_platforms.phase,
        phase_platforms.platform,
        sum(case when ol.paid_date between phase_platforms.start_date
                and phase_platforms.end_date then ol.paid_amount
        end) as gmv,
        count(distinct case when ol.paid_date between
                phase_platforms.start_date and phase_platforms.end_date
                then ol.order_key
        end) as orders,
        sum(case when ol.paid_date between phase_platforms.start_date
                and phase_platforms.end_date then ol.list_amount
        end)
            as list_amount,
        sum(case when ol.paid_date between phase_platforms.start_date
                and phase_platforms.end_date then ol.refund_amount
        end)
            as refund_amount,
        sum(case when ol.paid_date between phase_platforms.baseline_start
                and phase_platforms.baseline_end then ol.paid_amount
        end)
            as baseline_gmv
    from phase_platforms
    left join order_lines as ol
        on phase_platforms.platform = ol.platform
            and ol.paid_date
            between phase_platforms.baseline_start and phase_platforms.end_date
    group by all
),

final as (
    select
        -- ids
        phases.event_key,
        phases.event,
        phases.event_name,
        phases.year,
        phases.phase,
        in_window.platform,
        channel_groups.platform_name as platform_name_cn,
        phases.start_date,
        phases.end_date,
        phases.covered_days,
        -- amounts
        cast(coalesce(in_window.gmv, 0) as decimal(18, 2)) as paid_gmv,
        in_window.orders as paid_orders,
        cast(in_window.gmv / nullif(in_window.orders, 0) as decimal(18, 2))
            as aov,
        1 - in_window.gmv / nullif(in_window.list_amount, 0)
            as discount_rate,
        in_window.refund_amount / nullif(in_window.gmv, 0) as refund_rate,
        -- lift against the baseline window
        cast(
            in_window.baseline_gmv
            / nullif(phases.baseline_covered_days, 0) as decimal(18, 2))
            as baseline_daily_gmv,
        (in_window.gmv / nullif(phases.covered_days, 0))
        / nullif(
            in_window.baseline_gmv
            / nullif(phases.baseline_covered_days, 0), 0
        ) - 1 as gmv_lift,
        -- filled by the inventory join (issue: inventory marts)
        cast(null as bigint) as stocked_out_skus
    from in_window
    inner join phases
        on in_window.event_key = phases.event_key
            and in_window.phase = phases.phase
    left join channel_groups
        on in_window.platform = channel_groups.platform
)

select * from final
