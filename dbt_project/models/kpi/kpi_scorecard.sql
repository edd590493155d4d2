{{ config(schema='kpi') }}
{#- The daily and monthly scorecards in long form: one row per period ×
    KPI with actual, target, comparison and status, for BI tools that
    filter on kpi_name. The Chinese KPI name and status label sit beside
    the codes, so a dashboard shows them without a join. -#}
with

daily as (
    select * from {{ ref('kpi_daily') }}
),

monthly as (
    select * from {{ ref('kpi_monthly') }}
),

targets as (
    select * from {{ ref('int_kpi_targets') }}
),

kpi_names as (
    select * from {{ ref('kpi_names') }}
),

status_labels as (
    select * from {{ ref('kpi_status_labels') }}
),

scorecard as (
    {% for period, rel, col in [('day', 'daily', 'date_day'),
                                ('month', 'monthly', 'month')] %}
    {% set outer_loop = loop %}
    {% for k in kpi_definitions() %}
    select
        '{{ period }}' as period_type,
        {{ rel }}.{{ col }} as period_start,
        '{{ k.name }}' as kpi_name,
        cast({{ rel }}.{{ k.name }} as double) as actual,
        cast({{ rel }}.{{ k.name }}__target as double) as target,
        {% if k.target == 'gmv_targets_monthly' %}'>='
        {%- elif k.target %}targets.{{ k.name }}__comparison
        {%- else %}cast(null as varchar){% endif %} as comparison,
        {{ rel }}.{{ k.name }}__status as status,
        {{ 'true' if k.rate else 'false' }} as is_rate
    from {{ rel }}
    cross join targets
    {% if not (outer_loop.last and loop.last) %}union all{% endif %}
    {% endfor %}
    {% endfor %}
),

final as (
    select
        scorecard.period_type,
        scorecard.period_start,
        -- kpi
        scorecard.kpi_name,
        kpi_names.kpi_name_cn,
        -- values
        scorecard.actual,
        scorecard.target,
        scorecard.comparison,
        scorecard.status,
        status_labels.status_cn,
        scorecard.is_rate
    from scorecard
    left join kpi_names on scorecard.kpi_name = kpi_names.kpi_name
    left join status_labels on scorecard.status = status_labels.status
)

select * from final
