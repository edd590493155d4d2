{#- One row per CRM member: the row of the latest export that carried the
    member wins. The phone leaves staging only as its salted hash; name and
    birthday are dropped here. -#}
with

source as (
    select * from {{ source('crm', 'members') }}
),

typed as (
    select
        -- ids
        {{ parse_text('member_id') }} as member_id,
        {{ hash_phone('phone') }} as phone_hash,
        {{ hash_phone('youzan_phone') }} as youzan_phone_hash,
        -- attributes
        {{ parse_text('gender') }} as gender,
        {{ parse_text('tier') }} as tier,
        {{ parse_text('join_channel') }} as join_channel,
        {{ parse_text('province') }} as province,
        {{ parse_text('city') }} as city,
        {{ parse_int('points') }} as points,
        -- timestamps
        {{ parse_ts('joined_at') }} as joined_at,
        {{ parse_date('_file_exported_date') }} as exported_date,
        -- lineage
        _source_file,
        _row_number,
        _loaded_at
    from source
),

final as (
    select *
    from typed
    where member_id is not null
    qualify row_number() over (
            partition by member_id
            order by
                exported_date desc nulls last,
                _loaded_at desc,
                _source_file desc,
                _row_number desc
        ) = 1
)

select * from final
