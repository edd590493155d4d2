{#- Oversell 超卖: a day when the units paid for a SKU on all platforms
    together exceed what was sellable at the start of that day (floored at
    0), the simulator's definition (simulator/api.py, answer key
    oversell_events). Start-of-day available is estimated from the
    end-of-day snapshot plus the units the day's payments locked. -#}
with

daily as (
    select * from {{ ref('int_inventory_sku_daily') }}
    where has_snapshot and paid_units > 0
),

final as (
    select
        date_day as event_date,
        sku_code,
        available_at_start_qty,
        available_qty as available_at_end_qty,
        paid_units,
        paid_units - greatest(available_at_start_qty, 0) as oversold_units,
        is_estimated
    from daily
    where paid_units > greatest(available_at_start_qty, 0)
)

select * from final
