{#- CS workbench conversations across the six shops. The platform's Chinese
    name maps to its code through the channel_groups seed; a session seen in
    more than one export keeps the row loaded last. -#}
with

source as (
    select * from {{ source('cs', 'sessions') }}
),

platforms as (
    select * from {{ ref('channel_groups') }}
),

typed as (
    select
        -- ids
        {{ parse_text('session_id') }} as session_id,
        {{ parse_text('platform_name') }} as platform_name,
        {{ parse_text('shop_name') }} as shop_name,
        {{ parse_text('agent') }} as agent,
        {{ parse_text('order_id') }} as order_id,
        case {{ parse_text('session_type') }}
            when '售前' then 'presale'
            when '售后' then 'aftersale'
        end as session_type,
        -- measures
        {{ parse_int('first_response_seconds') }} as first_response_seconds,
        {{ parse_int('avg_response_seconds') }} as avg_response_seconds,
        {{ parse_int('resolution_minutes') }} as resolution_minutes,
        {{ parse_text('resolved') }} in ('是', '已解决', 'Y', 'y', '1')
            as is_resolved,
        {{ parse_text('satisfaction') }} as satisfaction,
        -- timestamps
        {{ parse_ts('started_at') }} as started_at,
        {{ parse_ts('ended_at') }} as ended_at,
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
            partition by session_id
            order by _loaded_at desc, _source_file desc, _row_number desc
        ) as row_rank
    from typed
    where session_id is not null
),

final as (
    select
        platforms.platform,
        ranked.* exclude (row_rank),  -- noqa: RF02
        cast(ranked.started_at as date) as session_date,
        case ranked.satisfaction
            when '非常满意' then 5
            when '满意' then 4
            when '一般' then 3
            when '不满意' then 2
            when '非常不满意' then 1
        end as satisfaction_score
    from ranked
    left join platforms
        on ranked.platform_name = platforms.platform_name
    where ranked.row_rank = 1
)

select * from final
