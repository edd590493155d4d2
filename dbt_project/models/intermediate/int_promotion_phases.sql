{#- Promotion phases that overlap the order history, with the baseline
    window of their event: the var('promotion_baseline_days') days before
    the event's first phase starts. Days are counted only where orders exist
    (coverage), so a partly covered phase is averaged fairly. -#}
with

calendar as (
    select * from {{ ref('promotion_calendar') }}
),

order_lines as (
    select * from {{ ref('int_order_lines_enriched') }}
),

coverage as (
    select
        min(cast(paid_at as date)) as first_day,
        max(cast(paid_at as date)) as last_day
    from order_lines
),

phases as (
    select
        *,
        event || '_' || year as event_key,
        min(start_date) over (partition by event, year) as event_start
    from calendar
),

final as (
    select
        -- ids
        phases.event_key,
        phases.event,
        phases.event_name,
        phases.year,
        phases.phase,
        -- dates
        phases.start_date,
        phases.end_date,
        phases.event_start
        - {{ var('promotion_baseline_days') }} as baseline_start,
        phases.event_start - 1 as baseline_end,
        -- days with order data
        greatest(0, date_diff(
            'day',
            greatest(phases.start_date, coverage.first_day),
            least(phases.end_date, coverage.last_day)
        ) + 1) as covered_days,
        greatest(0, date_diff(
            'day',
            greatest(baseline_start, coverage.first_day),
            least(baseline_end, coverage.last_day)
        ) + 1)
            as baseline_covered_days
    from phases
    cross join coverage
    where phases.start_date <= coverage.last_day
        and phases.end_date >= coverage.first_day
)

select * from final
