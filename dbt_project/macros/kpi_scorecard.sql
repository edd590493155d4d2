{#- The KPIs of the scorecards: name, the key of its target in the seeds
    (seeds/kpi_targets.csv; 'gmv_targets_monthly' for the GMV plan;
    none = no target) and whether it is a rate (0–1). -#}
{% macro kpi_definitions() %}
    {{ return([
        {'name': 'gmv', 'target': none, 'rate': false},
        {'name': 'paid_gmv', 'target': 'gmv_targets_monthly', 'rate': false},
        {'name': 'net_sales', 'target': none, 'rate': false},
        {'name': 'paid_gmv_growth', 'target': none, 'rate': false},
        {'name': 'core_platforms_share', 'target': 'core_platforms_share', 'rate': true},
        {'name': 'social_commerce_share', 'target': 'social_commerce_share', 'rate': true},
        {'name': 'private_domain_share', 'target': 'private_domain_share', 'rate': true},
        {'name': 'conversion_rate', 'target': 'paid_conversion_rate', 'rate': true},
        {'name': 'aov', 'target': none, 'rate': false},
        {'name': 'repurchase_rate', 'target': 'repurchase_rate', 'rate': true},
        {'name': 'new_customers', 'target': none, 'rate': false},
        {'name': 'cac', 'target': 'cac', 'rate': false},
        {'name': 'roi', 'target': 'ad_roi', 'rate': false},
        {'name': 'inventory_turnover_days', 'target': 'inventory_turnover_days', 'rate': false},
        {'name': 'inventory_turns_per_quarter', 'target': 'inventory_turns_per_quarter', 'rate': false},
        {'name': 'stockout_sku_count', 'target': 'stockout_sku_count', 'rate': false},
        {'name': 'refund_rate', 'target': 'refund_rate', 'rate': true},
        {'name': 'first_response_within_3min_share', 'target': 'first_response_within_3min_share', 'rate': true},
    ]) }}
{% endmacro %}

{#- Status of an actual against its target (docs/inventory_and_kpi.md):
      no_data    actual is NULL;   no_target  target is NULL;
      >= / >     on_track when met, at_risk when within the band below it,
                 off_track beyond;
      <= / <     the mirror image (lower is better);
      =          on_track within the band of the target either side,
                 at_risk within twice the band, off_track beyond.
    The band is var kpi_at_risk_band (0.10) of the target. -#}
{% macro kpi_status(actual, target, comparison) -%}
    {%- set band = var('kpi_at_risk_band', 0.10) -%}
    case
        when {{ actual }} is null then 'no_data'
        when {{ target }} is null then 'no_target'
        when {{ comparison }} = '>=' and {{ actual }} >= {{ target }}
            then 'on_track'
        when {{ comparison }} = '>' and {{ actual }} > {{ target }}
            then 'on_track'
        when {{ comparison }} in ('>=', '>')
            and {{ actual }} >= {{ target }} * (1 - {{ band }})
            then 'at_risk'
        when {{ comparison }} = '<=' and {{ actual }} <= {{ target }}
            then 'on_track'
        when {{ comparison }} = '<' and {{ actual }} < {{ target }}
            then 'on_track'
        when {{ comparison }} in ('<=', '<')
            and {{ actual }} <= {{ target }} * (1 + {{ band }})
            then 'at_risk'
        when {{ comparison }} = '='
            and abs({{ actual }} - {{ target }}) <= abs({{ target }}) * {{ band }}
            then 'on_track'
        when {{ comparison }} = '='
            and abs({{ actual }} - {{ target }})
                <= abs({{ target }}) * 2 * {{ band }}
            then 'at_risk'
        else 'off_track'
    end
{%- endmacro %}

{#- Wide scorecard columns for every KPI: <kpi> (actual), <kpi>__target,
    <kpi>__status, from a relation with the actuals and a one-row targets
    relation holding <kpi>__target and <kpi>__comparison. -#}
{% macro kpi_scorecard_columns(actuals, targets) -%}
    {%- for k in kpi_definitions() %}
    {%- if k.target %}
        {%- set target = targets ~ '.' ~ k.name ~ '__target' %}
        {%- set comparison = targets ~ '.' ~ k.name ~ '__comparison' %}
    {%- else %}
        {%- set target = 'cast(null as double)' %}
        {%- set comparison = 'cast(null as varchar)' %}
    {%- endif %}
    {{ actuals }}.{{ k.name }},
    {{ target }} as {{ k.name }}__target,
    {{ kpi_status(actuals ~ '.' ~ k.name, target, comparison) }}
        as {{ k.name }}__status{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}
