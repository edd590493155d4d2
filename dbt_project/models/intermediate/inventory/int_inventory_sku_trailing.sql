{#- Trailing windows per SKU over the calendar (one row per day, so a
    `rows` frame of n − 1 preceding is n days). Averages divide by the days
    the window actually covers (days_of_history caps it at the data start). -#}
with

daily as (
    select * from {{ ref('int_inventory_sku_daily') }}
),

windows as (
    select
        *,
        {% for n in [28, 60, 90] %}
            cast(sum(sold_units) over w{{ n }} as bigint)
                as units_sold_{{ n }}d,
        {% endfor %}
        sum(gmv) over w90 as gmv_90d,
        sum(cogs) over w28 as cogs_28d,
        avg(inventory_value_at_cost) over w28 as avg_inventory_value_28d
    from daily
    window
        {% for n in [28, 60, 90] %}
            w{{ n }} as (
                partition by sku_code order by date_day
                rows between {{ n - 1 }} preceding and current row
            ){% if not loop.last %},{% endif %}
        {% endfor %}
),

final as (
    select
        *,
        least(days_of_history, 28) as window_days_28d,
        units_sold_28d / least(days_of_history, 28) as avg_daily_units_28d,
        cogs_28d / least(days_of_history, 28) as avg_daily_cogs_28d
    from windows
)

select * from final
