{#-
    Thin wrappers over the typed parsers that ingestion installs in the
    warehouse (ingestion/sql/parsers.sql, see docs/contracts.md section 3).
    Staging calls only these, so the dependency lives in one place.
-#}

{% macro is_null_token(column) -%}
    omni_is_null_token({{ column }})
{%- endmacro %}

{% macro parse_money(column) -%}
    cast(omni_money({{ column }}) as decimal(18, 2))
{%- endmacro %}

{% macro parse_number(column) -%}
    omni_number({{ column }})
{%- endmacro %}

{% macro parse_int(column) -%}
    omni_int({{ column }})
{%- endmacro %}

{% macro parse_percent(column) -%}
    omni_percent({{ column }})
{%- endmacro %}

{% macro parse_ts(column) -%}
    omni_ts({{ column }})
{%- endmacro %}

{% macro parse_date(column) -%}
    omni_date({{ column }})
{%- endmacro %}

{% macro parse_range_start(column) -%}
    omni_range_start({{ column }})
{%- endmacro %}

{% macro parse_range_end(column) -%}
    omni_range_end({{ column }})
{%- endmacro %}

{% macro parse_epoch(column) -%}
    omni_epoch({{ column }})
{%- endmacro %}

{% macro parse_text(column) -%}
    case when omni_is_null_token({{ column }}) then null
        else trim({{ column }}) end
{%- endmacro %}

{#- Export time carried by a file name: 12 digits (Tmall yyyymmddHHMM) are
    not among the formats omni_ts documents, so they are handled here. -#}
{% macro parse_export_time(column) -%}
    case
        when regexp_full_match({{ column }}, '\d{12}')
            then strptime({{ column }}, '%Y%m%d%H%M')
        when regexp_full_match({{ column }}, '\d{10}')
            then omni_epoch({{ column }})
        else omni_ts({{ column }})
    end
{%- endmacro %}
