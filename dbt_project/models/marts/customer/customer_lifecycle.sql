{#- One row per customer × month (int_customer_months): the lifecycle stage
    held at the month's snapshot date. Rules, first match wins (vars,
    docs/customers.md):
      churned    days since last order > lifecycle_churn_days (180)
      declining  days since last order > lifecycle_declining_days (90)
      new        exactly one paid order
      mature     paid orders >= lifecycle_mature_orders (4)
      growing    otherwise (2 .. mature − 1 orders, still active)
    Chinese labels (lifecycle_stage_cn, previous_stage_cn): new 新客,
    growing 成长期, mature 成熟期, declining 衰退期, churned 流失. -#}
with

customer_months as (
    select * from {{ ref('int_customer_months') }}
),

staged as (
    select
        *,
        case
            when days_since_last_order
                > {{ var('lifecycle_churn_days', 180) }} then 'churned'
            when days_since_last_order
                > {{ var('lifecycle_declining_days', 90) }} then 'declining'
            when orders_to_date = 1 then 'new'
            when orders_to_date
                >= {{ var('lifecycle_mature_orders', 4) }} then 'mature'
            else 'growing'
        end as lifecycle_stage
    from customer_months
),

labelled as (
    select
        *,
        case lifecycle_stage
            when 'new' then '新客'
            when 'growing' then '成长期'
            when 'mature' then '成熟期'
            when 'declining' then '衰退期'
            when 'churned' then '流失'
        end as lifecycle_stage_cn
    from staged
),

transitions as (
    select
        *,
        lag(lifecycle_stage) over (
            partition by customer_id order by month_start
        ) as previous_stage,
        lag(lifecycle_stage_cn) over (
            partition by customer_id order by month_start
        ) as previous_stage_cn
    from labelled
),

final as (
    select
        -- ids
        customer_id,
        month_start,
        snapshot_date,
        -- stage
        lifecycle_stage,
        lifecycle_stage_cn,
        previous_stage,
        previous_stage_cn,
        coalesce(previous_stage != lifecycle_stage, true) as is_stage_change,
        -- facts behind the stage
        orders_to_date,
        last_order_date,
        days_since_last_order,
        -- flags
        is_current,
        is_month_complete
    from transitions
)

select * from final
