{#- One row: the as-of date of the customer marts. var('rfm_as_of') (a
    'YYYY-MM-DD' string) when set, else the day after the latest paid order,
    so a rebuild of the same data gives the same numbers. Orders paid on or
    after the as-of date are left out of as-of metrics. -#}
{%- set as_of = var('rfm_as_of', none) -%}

with

orders as (
    select * from {{ ref('int_order_customers') }}
),

final as (
    select
        coalesce(
            cast({{ "'" ~ as_of ~ "'" if as_of else 'null' }} as date),
            max(paid_date) + 1,
            current_date
        ) as as_of_date
    from orders
)

select * from final
