{#- One row per file ingestion recorded: what it was recognised as, its
    status and row counts. Paths stay here; coverage publishes counts only. -#}
with

source as (
    select * from {{ source('ingestion', 'ingested_files') }}
),

final as (
    select
        -- ids
        path,
        sha256,
        coalesce(platform, 'unrecognised') as platform,
        coalesce(export_type, 'unrecognised') as export_type,
        template,
        status,
        -- counts
        coalesce(rows_read, 0) as rows_read,
        coalesce(rows_loaded, 0) as rows_loaded,
        coalesce(rows_rejected, 0) as rows_rejected,
        coalesce(total_rows_dropped, 0) as total_rows_dropped,
        -- timestamps
        finished_at
    from source
)

select * from final
