{#- Service levels per day (session start) and platform. Targets from the
    plans: pre-sale first response ≤ 3 min, after-sale response ≤ 1 h,
    after-sale resolution ≤ 24 h. A session the buyer left before an answer
    counts as not answered in time. Counts are kept beside each share so
    months can be rolled up exactly. -#}
with

sessions as (
    select * from {{ ref('stg_cs__sessions') }}
),

channel_groups as (
    select * from {{ ref('channel_groups') }}
),

daily as (
    select
        session_date,
        platform,
        -- volumes
        count(*) as sessions,
        count(*) filter (where session_type = 'presale') as presale_sessions,
        count(*) filter (where session_type = 'aftersale')
            as aftersale_sessions,
        count(first_response_seconds) as answered_sessions,
        -- first response (answered sessions)
        median(first_response_seconds) as median_first_response_seconds,
        quantile_cont(first_response_seconds, 0.9)
            as p90_first_response_seconds,
        -- within target
        count(
            *) filter (
            where session_type = 'presale'
            and first_response_seconds <= 180
        ) as presale_within_3min,
        count(
            *) filter (
            where session_type = 'aftersale'
            and first_response_seconds <= 3600
        ) as aftersale_within_1h,
        count(
            *) filter (
            where session_type = 'aftersale' and is_resolved
            and resolution_minutes <= 1440
        ) as aftersale_resolved_24h,
        -- satisfaction
        count(satisfaction_score) as rated_sessions,
        count(*) filter (where satisfaction_score >= 4) as satisfied_sessions,
        avg(satisfaction_score) as avg_satisfaction_score
    from sessions
    group by all
),

final as (
    select
        -- keys
        daily.session_date,
        daily.platform,
        channel_groups.platform_name as platform_name_cn,
        -- counts and response times
        daily.* exclude (session_date, platform),  -- noqa: RF02
        -- shares
        daily.presale_within_3min / nullif(daily.presale_sessions, 0)
            as presale_within_3min_share,
        daily.aftersale_within_1h / nullif(daily.aftersale_sessions, 0)
            as aftersale_within_1h_share,
        daily.aftersale_resolved_24h / nullif(daily.aftersale_sessions, 0)
            as aftersale_resolved_24h_share,
        daily.satisfied_sessions / nullif(daily.rated_sessions, 0)
            as satisfied_share
    from daily
    left join channel_groups
        on daily.platform = channel_groups.platform
)

select * from final
