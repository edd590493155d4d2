{#- JD order rows typed, numbered and with the order-level paid amount
    allocated to lines, inside each export file. Rule (shared with the
    simulator's truth): lines in file row order; every priced line but the
    last gets round(order_paid * line_list / order_list, 2), the last priced
    line gets the rest; gifts (list 0) get 0. The current xlsx layout may
    lack 京东价: its lines are then weighted by quantity instead of list
    value (the order's total stays exact; the split between SKUs is an
    estimate). Where an order's rows in one file carry different 应付金额,
    they are line amounts, not the order's repeated, and are taken as they
    are (two lines of equal amounts cannot be told apart: read as the
    order's). -#}
with

source as (
    select * from {{ source('jd', 'orders') }}
),

typed as (
    select
        -- ids
        order_id,
        product_id,
        sku_code,
        {{ buyer_key('buyer_account', 'customer_phone') }} as buyer_id,
        {{ clean_status_text('order_status') }} as status_text,
        {{ address_province('customer_address') }} as province,
        {{ address_city('customer_address') }} as city,
        {{ hash_phone('customer_phone') }} as phone_hash,
        -- amounts
        {{ parse_int('quantity') }} as quantity,
        {{ parse_money('unit_price') }} as unit_price,
        {{ parse_money('paid_amount') }} as order_paid_amount,
        {{ parse_money('freight_amount') }} as order_freight_amount,
        -- timestamps
        {{ parse_ts('created_at') }} as created_at,
        {{ parse_ts('paid_at') }} as paid_at,
        {{ parse_ts('completed_at') }} as completed_at,
        {{ parse_export_time('_file_exported_at') }} as exported_at,
        -- lineage
        _source_file,
        _sheet,
        _row_number,
        _loaded_at
    from source
),

numbered as (
    select
        *,
        row_number() over (
            partition by _source_file, _sheet, order_id
            order by _row_number
        ) as line_number,
        cast(unit_price * quantity as decimal(18, 2)) as list_amount,
        case
            when unit_price is null then cast(quantity as decimal(18, 2))
            else cast(unit_price * quantity as decimal(18, 2))
        end as allocation_weight
    from typed
),

shares as (
    select
        *,
        -- binary floats rounded half to even on the cent, as the
        -- platform's (and numpy's) round(x, 2) does: 164.645 -> 164.64
        cast(round_even(
            cast(order_paid_amount as double)
            * cast(allocation_weight as double)
            / nullif(
                sum(cast(allocation_weight as double)) over order_rows, 0
            )
            * 100,
            0
        ) / 100 as decimal(18, 2)) as paid_share,
        max(case when allocation_weight > 0 then line_number end)
            over order_rows as last_priced_line,
        -- an order-level amount is the same on every row of the order; a
        -- file whose rows of one order differ carries line amounts instead
        count(distinct order_paid_amount) over order_rows > 1
            as has_line_amounts
    from numbered
    window order_rows as (partition by _source_file, _sheet, order_id)
),

final as (
    select
        * exclude (paid_share, allocation_weight, has_line_amounts),
        order_id || '#' || line_number as line_id,
        case
            when has_line_amounts then order_paid_amount
            -- gifts (list 0) stay at 0.00
            when allocation_weight <= 0 or allocation_weight is null
                then 0.00
            when line_number < last_priced_line then paid_share
            -- the last priced line takes the remainder
            else order_paid_amount - coalesce(sum(
                    case when allocation_weight > 0 then paid_share end
                ) over (
                    partition by _source_file, _sheet, order_id
                    order by line_number
                    rows between unbounded preceding and 1 preceding
                ), 0)
        end as paid_amount
    from shares
)

select * from final
