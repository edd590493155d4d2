{#- One row per platform buyer (platform × buyer_id) seen in an order or in a
    CRM binding, mapped to one customer_id (docs/customers.md):
      1. the account is bound to a member in the CRM export   -> that member;
      2. a private-domain buyer whose order phone hash equals a member's CRM
         phone hash                                           -> that member;
      3. otherwise one customer per platform buyer.
    Members: 'M:' || member_id. Others: 'P:' || platform || ':' ||
    md5(buyer_id), so no buyer id, nick or phone shows in the key. -#}
with

order_lines as (
    select * from {{ ref('int_order_lines_unioned') }}
),

accounts as (
    select * from {{ ref('stg_crm__member_accounts') }}
),

members as (
    select * from {{ ref('stg_crm__members') }}
),

order_buyers as (
    select
        platform,
        buyer_id,
        arg_max(phone_hash, created_at)
        filter (
            where channel_group = 'private_domain'
            and phone_hash is not null
        ) as private_phone_hash
    from order_lines
    where buyer_id is not null
    group by platform, buyer_id
),

buyers as (
    select
        platform,
        buyer_id
    from order_buyers
    union
    select
        platform,
        buyer_id
    from accounts
),

phone_members as (
    select
        phone_hash,
        min(member_id) as member_id
    from members
    where phone_hash is not null
    group by phone_hash
),

matched as (
    select
        buyers.platform,
        buyers.buyer_id,
        accounts.member_id as bound_member_id,
        phone_members.member_id as phone_member_id,
        order_buyers.buyer_id is not null as has_orders
    from buyers
    left join order_buyers
        on buyers.platform = order_buyers.platform
            and buyers.buyer_id = order_buyers.buyer_id
    left join accounts
        on buyers.platform = accounts.platform
            and buyers.buyer_id = accounts.buyer_id
    left join phone_members
        on order_buyers.private_phone_hash = phone_members.phone_hash
),

final as (
    select
        -- ids
        platform,
        buyer_id,
        case
            when coalesce(bound_member_id, phone_member_id) is not null
                then 'M:' || coalesce(bound_member_id, phone_member_id)
            else 'P:' || platform || ':' || md5(buyer_id)
        end as customer_id,
        coalesce(bound_member_id, phone_member_id) as member_id,
        -- attributes
        coalesce(bound_member_id, phone_member_id) is not null as is_member,
        case
            when bound_member_id is not null then 'crm_binding'
            when phone_member_id is not null then 'crm_phone'
            else 'platform_buyer'
        end as match_method,
        has_orders
    from matched
)

select * from final
