{#- Each SKU as the newest product-master snapshot that lists it. A SKU that
    left the master keeps its last known attributes. -#}
with

products as (
    select * from {{ ref('stg_erp__products') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by sku_code order by exported_date desc
        ) as snapshot_rank,
        max(exported_date) over () as latest_exported_date
    from products
),

final as (
    select
        * exclude (snapshot_rank, latest_exported_date),
        exported_date = latest_exported_date as is_in_latest_master,
        coalesce(list_price = 0 or category = '赠品', false) as is_gift
    from ranked
    where snapshot_rank = 1
)

select * from final
