{{ config(schema='kpi') }}
{#- Daily scorecard, wide: for every KPI its actual, <kpi>__target and
    <kpi>__status (macro kpi_status). The monthly GMV plan is spread evenly
    over the days of its month. -#}
with

actuals as (
    select * from {{ ref('kpi_daily_actuals') }}
),

static_targets as (
    select * from {{ ref('int_kpi_targets') }}
),

gmv_plan as (
    select month, sum(gmv_target) as gmv_target
    from {{ ref('gmv_targets_monthly') }}
    group by month
),

targets as (
    select
        actuals.date_day,
        static_targets.*,
        gmv_plan.gmv_target / dayofmonth(last_day(actuals.date_day))
            as paid_gmv__target,
        '>=' as paid_gmv__comparison
    from actuals
    cross join static_targets
    left join gmv_plan
        on date_trunc('month', actuals.date_day) = gmv_plan.month
),

final as (
    select
        actuals.date_day,
        {{ kpi_scorecard_columns('actuals', 'targets') }}
    from actuals
    inner join targets
        on actuals.date_day = targets.date_day
)

select * from final
