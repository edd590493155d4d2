{#- PII helpers. No raw phone, name or address leaves staging.

    hash_phone: salted sha256 of the digits of a phone number. The salt is the
    DuckDB variable omni_phone_salt, which the profile's plugin
    (ingestion/dbt_plugin.py) sets from env var OMNI_PHONE_SALT (default
    'omnichannel-dev-salt', for development only) when dbt connects: it never
    passes through Jinja, so no compiled file, manifest or log holds it. The
    same salt must be used everywhere a phone joins (orders, CRM members) or
    the keys will not match.
    A masked phone (139****7707, as JD and Douyin export them) is not an
    identity: thousands of buyers share its digits, so it hashes to NULL.
-#}
{% macro hash_phone(column) -%}
    case
        when nullif(regexp_replace({{ column }}, '[^0-9]', '', 'g'), '')
            is null then null
        when contains({{ column }}, '*') then null
        else sha256(
            {{ phone_salt() }}
            || right(regexp_replace({{ column }}, '[^0-9]', '', 'g'), 11)
        )
    end
{%- endmacro %}

{#- Province at the start of a Chinese address, spaced (Tmall
    `浙江省 杭州市 西湖区 …`) or run together (JD `江西省南昌市…`). -#}
{% macro address_province(column) -%}
    nullif(regexp_extract(
        replace({{ column }}, ' ', ''),
        '^(北京市?|上海市?|天津市?|重庆市?|[^省]{2,3}省|.{2,8}?自治区'
        || '|香港特别行政区|澳门特别行政区)',
        1
    ), '')
{%- endmacro %}

{#- City after the province; municipalities are their own city. -#}
{% macro address_city(column) -%}
    case
        when regexp_matches(
            replace({{ column }}, ' ', ''), '^(北京|上海|天津|重庆)'
        )
            then regexp_extract(
                replace({{ column }}, ' ', ''), '^(北京|上海|天津|重庆)', 1
            ) || '市'
        else nullif(regexp_extract(
            replace({{ column }}, ' ', ''),
            '^(?:[^省]{2,3}省|.{2,8}?自治区)(.+?(?:市|自治州|地区|盟))',
            1
        ), '')
    end
{%- endmacro %}

{#- buyer_key: the platform's buyer id, else the salted hash of an unmasked
    phone from the order (hashed as hash_phone does, so a member's phone
    joins), else NULL: the order then counts as its own anonymous buyer
    (int_order_lines_enriched, docs/customers.md). Real PDD and Douyin
    order exports carry no buyer id; the current Tmall 订单报表 none at all. -#}
{% macro buyer_key(buyer_column, phone_column) -%}
    coalesce({{ parse_text(buyer_column) }}, {{ hash_phone(phone_column) }})
{%- endmacro %}

{#- The salt of hash_phone, set on the connection by the profile's plugin; a
    connection without it stops rather than hash with no salt. -#}
{% macro phone_salt() -%}
    coalesce(
        getvariable('omni_phone_salt'),
        error('the phone-hash salt is not set on this connection: run dbt with '
            || 'the profile in dbt_project/profiles.yml (plugin ingestion.dbt_plugin)')
    )
{%- endmacro %}
