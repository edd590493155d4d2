{#- One row per platform account (platform × buyer id) ever bound to a member
    in any CRM export. If exports disagree on whose account it is, the latest
    export wins. Youzan's buyer id is the buyer phone, so it is kept only as
    the salted hash that stg_youzan__orders also uses as buyer_id. -#}
with

source as (
    select * from {{ source('crm', 'members') }}
),

bindings as (
    select
        {{ parse_text('member_id') }} as member_id,
        {{ parse_date('_file_exported_date') }} as exported_date,
        {{ parse_text('tmall_buyer_id') }} as tmall,
        {{ parse_text('jd_buyer_id') }} as jd,
        {{ parse_text('pdd_buyer_id') }} as pdd,
        {{ parse_text('douyin_buyer_id') }} as douyin,
        {{ parse_text('kuaishou_buyer_id') }} as kuaishou,
        {{ hash_phone('youzan_phone') }} as youzan,
        _source_file,
        _row_number,
        _loaded_at
    from source
),

unpivoted as (
    unpivot bindings
    on tmall, jd, pdd, douyin, kuaishou, youzan
    into name platform value buyer_id
),

final as (
    select
        platform,
        buyer_id,
        member_id,
        min(exported_date) over (partition by platform, buyer_id)
            as first_bound_date,
        exported_date as last_bound_date
    from unpivoted
    where member_id is not null
    qualify row_number() over (
            partition by platform, buyer_id
            order by
                exported_date desc nulls last,
                _loaded_at desc,
                _source_file desc,
                _row_number desc
        ) = 1
)

select * from final
