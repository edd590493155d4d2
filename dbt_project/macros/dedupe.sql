{#- Keep one row per key: the most recently loaded export wins (then the
    later file name, then the later row). Daily reports are re-exported with
    settled numbers, so the newest copy of a day is the truth. -#}
{% macro dedupe_latest(relation, key_columns) %}
    select *
    from {{ relation }}
    qualify row_number() over (
        partition by {{ key_columns | join(', ') }}
        order by _loaded_at desc, _source_file desc, _row_number desc
    ) = 1
{% endmacro %}
