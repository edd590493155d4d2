{#- JD order rows typed, numbered and with the order-level paid amount
    allocated to lines, inside each export file. Rule (shared with the
    simulator's truth): lines in file row order; every priced line but the
    last gets round(order_paid * line_list / order_list, 2), the last priced
    line gets the rest; gifts (list 0) get 0. -#}
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
        buyer_account as buyer_id,
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
        cast(unit_price * quantity as decimal(18, 2)) as list_amount
    from typed
),

shares as (
    select
        *,
        -- binary floats rounded half to even on the cent, as the
        -- platform's (and numpy's) round(x, 2) does: 164.645 -> 164.64
        cast(round_even(
            cast(order_paid_amount as double) * cast(list_amount as double)
            / nullif(sum(cast(list_amount as double)) over order_rows, 0)
            * 100,
            0
        ) / 100 as decimal(18, 2)) as paid_share,
        max(case when list_amount > 0 then line_number end)
            over order_rows as last_priced_line
    from numbered
    window order_rows as (partition by _source_file, _sheet, order_id)
),

final as (
    select
        * exclude (paid_share),
        order_id || '#' || line_number as line_id,
        case
            -- gifts (list 0) stay at 0.00
            when list_amount <= 0 or list_amount is null then 0.00
            when line_number < last_priced_line then paid_share
            -- the last priced line takes the remainder
            else order_paid_amount - coalesce(sum(
                    case when list_amount > 0 then paid_share end
                ) over (
                    partition by _source_file, _sheet, order_id
                    order by line_number
                    rows between unbounded preceding and 1 preceding
                ), 0)
        end as paid_amount
    from shares
)

select * from final
