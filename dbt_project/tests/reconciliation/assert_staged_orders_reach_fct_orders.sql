{{ config(
    meta={'dagster': {'ref': {'name': 'fct_orders'}}},
    store_failures=true,
) }}
{#- Blocking "vertical" reconciliation (order_reconciliation): per
    platform and export, every order staging holds reaches fct_orders once
    with its paid amount and refunds, or sits in order_exclusions with a
    reason. One row per platform x export that loses something, saying how
    many orders and how much money; the stored failures are what
    `omnichannel run` prints. -#}
with

unexplained as (
    select
        platform,
        export_type,
        count(*) filter (where not in_marts) as orders_missing,
        count(*) filter (where in_marts) as orders_with_wrong_amounts,
        sum(unexplained_paid_amount) as paid_amount_missing,
        sum(unexplained_refund_amount) as refund_amount_missing
    from {{ ref('order_reconciliation') }}
    where is_unexplained
    group by platform, export_type
)

select
    *,
    platform || ' ' || export_type || ': '
    || orders_missing || ' order(s) in staging are not in fct_orders, '
    || orders_with_wrong_amounts || ' have other amounts there; paid '
    || paid_amount_missing || ' and refunds ' || refund_amount_missing
    || ' unaccounted for' as message
from unexplained
