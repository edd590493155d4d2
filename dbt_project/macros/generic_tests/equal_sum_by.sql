{#- "Horizontal" reconciliation: per group, sum(column) in the model equals
    sum(compare_expression) in compare_model grouped by compare_group_by
    (expressions mapped to the same names). Differences above tolerance fail.
-#}
{% test equal_sum_by(
    model, column_name, group_by, compare_model, compare_expression,
    compare_group_by, compare_where=none, tolerance=0.005
) %}
    with a as (
        select
            {% for g in group_by %}{{ g }} as g{{ loop.index }}, {% endfor %}
            sum({{ column_name }}) as total
        from {{ model }}
        group by all
    ),

    b as (
        select
            {% for g in compare_group_by %}
            {{ g }} as g{{ loop.index }},
            {% endfor %}
            sum({{ compare_expression }}) as total
        from {{ compare_model }}
        {% if compare_where %}where {{ compare_where }}{% endif %}
        group by all
    )

    select
        {% for g in group_by %}
        coalesce(a.g{{ loop.index }}, b.g{{ loop.index }}) as g{{ loop.index }},
        {% endfor %}
        coalesce(a.total, 0) as model_total,
        coalesce(b.total, 0) as compare_total
    from a
    full outer join b
        on {% for g in group_by %}
        a.g{{ loop.index }} = b.g{{ loop.index }}
        {%- if not loop.last %} and {% endif %}
        {% endfor %}
    where abs(coalesce(a.total, 0) - coalesce(b.total, 0)) > {{ tolerance }}
{% endtest %}
