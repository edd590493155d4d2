{{ config(schema='kpi') }}
{#- Monthly scorecard, wide: for every KPI its actual, <kpi>__target and
    <kpi>__status (macro kpi_status). The current month is month-to-date. -#}
with

actuals as (
    select * from {{ ref('kpi_monthly_actuals') }}
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
        actuals.month,
        static_targets.*,
        gmv_plan.gmv_target as paid_gmv__target,
        '>=' as paid_gmv__comparison
    from actuals
    cross join static_targets
    left join gmv_plan
        on actuals.month = gmv_plan.month
),

final as (
    select
        actuals.month,
        {{ kpi_scorecard_columns('actuals', 'targets') }}
    from actuals
    inner join targets
        on actuals.month = targets.month
)

select * from final
