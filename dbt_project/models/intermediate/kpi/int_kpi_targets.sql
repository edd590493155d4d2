{#- One row: <kpi>__target and <kpi>__comparison for every KPI whose target
    is in seeds/kpi_targets.csv. The GMV plan varies by month and is joined in
    the scorecards. -#}
with

targets as (
    select kpi, target_value, comparison from {{ ref('kpi_targets') }}
),

final as (
    select
        {%- for k in kpi_definitions() if k.target and k.target != 'gmv_targets_monthly' %}
        max(target_value) filter (where kpi = '{{ k.target }}')
            as {{ k.name }}__target,
        max(comparison) filter (where kpi = '{{ k.target }}')
            as {{ k.name }}__comparison,
        {%- endfor %}
        count(*) as seed_targets
    from targets
)

select * from final
