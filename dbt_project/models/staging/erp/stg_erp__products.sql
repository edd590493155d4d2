{#- 聚水潭 item master: every file is a full snapshot dated by its file name.
    One row per snapshot × SKU; the file loaded last wins within a date. -#}
with

source as (
    select * from {{ source('erp', 'products') }}
),

typed as (
    select
        -- keys
        {{ parse_date('_file_exported_date') }} as exported_date,
        {{ parse_text('sku_code') }} as sku_code,
        {{ parse_text('spu_code') }} as spu_code,
        -- attributes
        {{ parse_text('sku_name') }} as sku_name,
        {{ parse_text('category') }} as category,
        {{ parse_text('brand') }} as brand,
        {{ parse_text('color') }} as color,
        {{ parse_text('spec') }} as spec,
        {{ parse_text('supplier') }} as supplier,
        {{ parse_text('status') }} as status,
        {{ parse_int('lead_time_days') }} as lead_time_days,
        -- amounts
        {{ parse_money('unit_cost') }} as unit_cost,
        {{ parse_money('list_price') }} as list_price,
        -- timestamps
        {{ parse_ts('created_at') }} as created_at,
        -- lineage
        _source_file,
        _row_number,
        _loaded_at
    from source
),

ranked as (
    select
        *,
        row_number() over (
            partition by exported_date, sku_code
            order by _loaded_at desc, _source_file desc, _row_number desc
        ) as row_rank
    from typed
    where sku_code is not null
),

final as (
    select
        * exclude (row_rank),
        cast(created_at as date) as launch_date
    from ranked
    where row_rank = 1
)

select * from final
