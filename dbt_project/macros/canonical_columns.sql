{#-
    Fivetran ad_reporting pattern: each platform keeps its own models; these
    macros map a platform's columns onto one canonical list, a missing column
    becoming a typed NULL, so the union never special-cases a platform.
-#}

{% macro order_line_columns() %}
    {{ return([
        {'name': 'order_id', 'type': 'varchar'},
        {'name': 'line_id', 'type': 'varchar'},
        {'name': 'buyer_id', 'type': 'varchar'},
        {'name': 'product_id', 'type': 'varchar'},
        {'name': 'sku_code', 'type': 'varchar'},
        {'name': 'shop_name', 'type': 'varchar'},
        {'name': 'status_text', 'type': 'varchar'},
        {'name': 'canonical_status', 'type': 'varchar'},
        {'name': 'status_rank', 'type': 'integer'},
        {'name': 'province', 'type': 'varchar'},
        {'name': 'city', 'type': 'varchar'},
        {'name': 'phone_hash', 'type': 'varchar'},
        {'name': 'is_gift', 'type': 'boolean'},
        {'name': 'quantity', 'type': 'bigint'},
        {'name': 'unit_price', 'type': 'decimal(18,2)'},
        {'name': 'list_amount', 'type': 'decimal(18,2)'},
        {'name': 'paid_amount', 'type': 'decimal(18,2)'},
        {'name': 'refund_amount', 'type': 'decimal(18,2)'},
        {'name': 'created_at', 'type': 'timestamp'},
        {'name': 'paid_at', 'type': 'timestamp'},
        {'name': 'shipped_at', 'type': 'timestamp'},
        {'name': 'completed_at', 'type': 'timestamp'},
        {'name': 'refunded_at', 'type': 'timestamp'},
        {'name': 'exported_at', 'type': 'timestamp'},
        {'name': 'export_rows', 'type': 'bigint'},
    ]) }}
{% endmacro %}

{% macro traffic_columns() %}
    {{ return([
        {'name': 'stat_date', 'type': 'date'},
        {'name': 'uv', 'type': 'bigint'},
        {'name': 'pv', 'type': 'bigint'},
        {'name': 'cart_users', 'type': 'bigint'},
        {'name': 'order_buyers', 'type': 'bigint'},
        {'name': 'paid_buyers', 'type': 'bigint'},
        {'name': 'paid_amount', 'type': 'decimal(18,2)'},
    ]) }}
{% endmacro %}

{% macro ad_columns() %}
    {{ return([
        {'name': 'stat_date', 'type': 'date'},
        {'name': 'ad_tool', 'type': 'varchar'},
        {'name': 'campaign_id', 'type': 'varchar'},
        {'name': 'campaign_name', 'type': 'varchar'},
        {'name': 'spend', 'type': 'decimal(18,2)'},
        {'name': 'impressions', 'type': 'bigint'},
        {'name': 'clicks', 'type': 'bigint'},
        {'name': 'attributed_gmv', 'type': 'decimal(18,2)'},
        {'name': 'attributed_orders', 'type': 'bigint'},
    ]) }}
{% endmacro %}

{#- select the canonical columns from a relation; columns it lacks become
    typed NULLs. -#}
{% macro select_canonical(relation, columns, platform) %}
    {%- set present = [] -%}
    {%- if execute -%}
        {%- for col in adapter.get_columns_in_relation(relation) -%}
            {%- do present.append(col.name | lower) -%}
        {%- endfor -%}
    {%- endif %}
    select
        '{{ platform }}' as platform,
        {%- for col in columns %}
        {% if col.name in present -%}
            cast({{ col.name }} as {{ col.type }})
        {%- else -%}
            cast(null as {{ col.type }})
        {%- endif %} as {{ col.name }}
        {{- "," if not loop.last }}
        {%- endfor %}
    from {{ relation }}
{% endmacro %}
