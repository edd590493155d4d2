{#- Staging of a shop-overview traffic export (one row per day, the latest
    export of a day wins). PDD, Kuaishou and Youzan export the same canonical
    columns, so their staging models share this body. -#}
{% macro shop_overview_traffic(platform) %}
with

source as (
    select * from {{ source(platform, 'traffic') }}
),

typed as (
    select
        -- ids
        {{ parse_date('stat_date') }} as stat_date,
        -- counts
        {{ parse_int('uv') }} as uv,
        {{ parse_int('pv') }} as pv,
        {{ parse_int('cart_users') }} as cart_users,
        {{ parse_int('order_buyers') }} as order_buyers,
        {{ parse_int('paid_buyers') }} as paid_buyers,
        {{ parse_int('paid_orders') }} as paid_orders,
        -- amounts
        {{ parse_money('paid_amount') }} as paid_amount,
        -- lineage
        _source_file,
        _row_number,
        _loaded_at
    from source
),

final as (
    {{ dedupe_latest('typed', ['stat_date']) }}
)

select * from final
{% endmacro %}
