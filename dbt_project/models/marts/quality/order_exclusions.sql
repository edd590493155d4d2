{#- One row per platform x export x order whose order or part of whose money
    is not in fct_orders for a documented reason (seed exclusion_reasons,
    docs/metrics.md). Orders dropped for no reason are not here: they fail
    the build (assert_staged_orders_reach_fct_orders). -#}
with

reconciliation as (
    select * from {{ ref('order_reconciliation') }}
    where exclusion_reason is not null
),

reasons as (
    select * from {{ ref('exclusion_reasons') }}
),

channel_groups as (
    select * from {{ ref('channel_groups') }}
),

final as (
    select
        -- ids
        reconciliation.order_key,
        reconciliation.platform,
        channel_groups.platform_name,
        reconciliation.export_type,
        reconciliation.order_id,
        -- why
        reconciliation.exclusion_reason,
        reasons.reason_label as exclusion_reason_label,
        -- amounts
        reconciliation.in_marts,
        reconciliation.staged_refund_amount,
        cast(reconciliation.excluded_refund_amount as decimal(18, 2))
            as excluded_refund_amount
    from reconciliation
    left join reasons
        on reconciliation.exclusion_reason = reasons.reason
    left join channel_groups
        on reconciliation.platform = channel_groups.platform
)

select * from final
