{#- One row per platform export (macro export_catalog), plus one for files no
    template recognised: how much of what landed reaches the marts. Files
    and rows from ingestion's manifest, rows in raw and staging counted, and
    for order exports the orders staging holds, those in fct_orders and
    those excluded with a reason (order_reconciliation), with amounts.
    "Tmall 订单报表: 9,812 orders staged, 9,812 in the marts" at a glance.
    Exports no staging model reads yet (catalog `staged: false`) have no
    staging count (rows_in_staging NULL) and are listed only once a file of
    theirs arrived: their absence leaves no mart short. -#}
{%- set catalog = export_catalog() -%}
with

catalog as (
    {% for e in catalog %}
    select
        '{{ e.platform }}' as platform,
        '{{ e.export_type }}' as export_type,
        '{{ e.export_name }}' as export_name,
        {{ "'" ~ e.order_role ~ "'" if e.order_role else 'null' }}
            as order_role,
        '{{ e.feeds }}' as feeds,
        {{ 'true' if e.get('staged', true) else 'false' }} as staged
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

files as (
    select
        platform,
        export_type,
        count(*) filter (where status = 'loaded') as files_loaded,
        count(*) filter (where status = 'duplicate') as files_duplicate,
        count(*) filter (where status = 'quarantined') as files_quarantined,
        sum(rows_read) filter (where status = 'loaded') as rows_read,
        sum(rows_loaded) filter (where status = 'loaded') as rows_loaded,
        sum(rows_rejected) filter (where status = 'loaded') as rows_rejected,
        max(finished_at) filter (where status = 'loaded') as last_loaded_at
    from {{ ref('stg_ingestion__files') }}
    group by platform, export_type
),

row_counts as (
    {% for e in catalog %}
    select
        '{{ e.platform }}' as platform,
        '{{ e.export_type }}' as export_type,
        (
            select count(*)
            from {{ source(e.platform, e.export_type) }}
        ) as rows_in_raw,
        {% if not e.get('staged', true) -%}
        cast(null as bigint) as rows_in_staging
        {%- else -%}
        (
            select count(*)
            from {{ ref('stg_' ~ e.platform ~ '__' ~ e.export_type) }}
        ) as rows_in_staging
        {%- endif %}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

orders as (
    select
        platform,
        export_type,
        count(*) as orders_staged,
        count(*) filter (where in_marts) as orders_in_marts,
        count(*) filter (
            where not in_marts and exclusion_reason is not null
        ) as orders_excluded,
        count(*) filter (
            where in_marts and exclusion_reason is not null
        ) as orders_partly_excluded,
        count(*) filter (where is_unexplained) as orders_unexplained,
        sum(staged_paid_amount) as paid_amount_staged,
        sum(marts_paid_amount) as paid_amount_in_marts,
        sum(staged_refund_amount) as refund_amount_staged,
        sum(marts_refund_amount) as refund_amount_in_marts,
        sum(excluded_refund_amount) as refund_amount_excluded,
        string_agg(distinct exclusion_reason, ', ') as exclusion_reasons
    from {{ ref('order_reconciliation') }}
    group by platform, export_type
),

exports as (
    select
        coalesce(catalog.platform, files.platform) as platform,
        coalesce(catalog.export_type, files.export_type) as export_type,
        coalesce(catalog.export_name, '未识别的文件') as export_name,
        catalog.order_role,
        catalog.feeds,
        coalesce(files.files_loaded, 0) as files_loaded,
        coalesce(files.files_duplicate, 0) as files_duplicate,
        coalesce(files.files_quarantined, 0) as files_quarantined,
        cast(coalesce(files.rows_read, 0) as bigint) as rows_read,
        cast(coalesce(files.rows_loaded, 0) as bigint) as rows_loaded,
        cast(coalesce(files.rows_rejected, 0) as bigint) as rows_rejected,
        files.last_loaded_at
    from catalog
    full outer join files
        on catalog.platform = files.platform
            and catalog.export_type = files.export_type
    -- an export not modelled yet is listed once a file of it arrived
    where coalesce(catalog.staged, true) or files.platform is not null
),

channel_groups as (
    select * from {{ ref('channel_groups') }}
),

final as (
    select
        -- ids
        exports.platform,
        coalesce(channel_groups.platform_name, exports.platform)
            as platform_name,
        exports.export_type,
        exports.export_name,
        exports.order_role,
        exports.feeds,
        -- files and rows
        exports.files_loaded,
        exports.files_duplicate,
        exports.files_quarantined,
        exports.rows_read,
        exports.rows_loaded,
        exports.rows_rejected,
        row_counts.rows_in_raw,
        row_counts.rows_in_staging,
        -- orders
        orders.orders_staged,
        orders.orders_in_marts,
        orders.orders_excluded,
        orders.orders_partly_excluded,
        orders.orders_unexplained,
        orders.exclusion_reasons,
        cast(orders.paid_amount_staged as decimal(18, 2))
            as paid_amount_staged,
        cast(orders.paid_amount_in_marts as decimal(18, 2))
            as paid_amount_in_marts,
        cast(orders.refund_amount_staged as decimal(18, 2))
            as refund_amount_staged,
        cast(orders.refund_amount_in_marts as decimal(18, 2))
            as refund_amount_in_marts,
        cast(orders.refund_amount_excluded as decimal(18, 2))
            as refund_amount_excluded,
        -- status for the people reading it
        case
            when exports.order_role is null and exports.feeds is null
                then 'unrecognised'
            when exports.files_loaded = 0 then 'no_files'
            when coalesce(orders.orders_unexplained, 0) > 0
                then 'orders_lost'
            else 'complete'
        end as coverage_status,
        case
            when exports.order_role is null and exports.feeds is null
                then '有未识别的文件（见隔离目录）'
            when exports.files_loaded = 0 then '未导出：' || exports.feeds
                || ' 缺少这部分数据'
            when coalesce(orders.orders_unexplained, 0) > 0
                then '有订单未进入数据集市'
            else '完整'
        end as coverage_status_label,
        exports.last_loaded_at
    from exports
    left join row_counts
        on exports.platform = row_counts.platform
            and exports.export_type = row_counts.export_type
    left join orders
        on exports.platform = orders.platform
            and exports.export_type = orders.export_type
    left join channel_groups
        on exports.platform = channel_groups.platform
)

select * from final
