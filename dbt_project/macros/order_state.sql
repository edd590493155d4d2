{#-
    latest_line_state: one row per order line from the rows of every export
    that carried it. Ops export orders by update time, so a line re-appears as
    its status moves. Rules (docs/metrics.md, decision log):
      - the row with the most advanced status wins (status_rank: pending 0 <
        paid 1 < shipped 2 < completed/closed/cancelled 3), so a status never
        moves backwards; among equal ranks the newest export (exported_at,
        then load time, then row) wins;
      - refunds only grow: the largest refund seen in any export is kept;
      - a paid time once seen is kept (the earliest, where exports that lack
        one derive it from the file day);
      - `closed` on a line that was paid becomes `cancelled`;
      - changes the exports carry no time for are dated by the files:
        refund_changed_on / terminal_changed_on is the day of the first file
        showing the refund / final status, or the next day when the line is
        listed in the next day's file too (an export shows the state as of
        the next morning, and every file lists the orders changed that day,
        so a change after midnight is listed again the next day);
        first_file_day is the day of the first file listing the line;
      - `known` columns (buyer, region) come from the winning row, else from
        the best-ranked row that has them: a newer export whose layout lacks
        a column (the current 千牛 订单报表 names no buyer) does not erase what
        an older export said.
    Expects columns: exported_at, _loaded_at, _row_number, status_rank,
    canonical_status, paid_at, refund_amount.
-#}
{% macro latest_line_state(relation, key, known=[]) %}
    with file_days as (
        select
            *,
            {{ export_change_day('exported_at') }} as file_day
        from {{ relation }}
    ),

    firsts as (
        select
            *,
            min(case when refund_amount > 0 then file_day end)
                over (partition by {{ key }}) as refund_first_file_day,
            min(case when status_rank = 3 then file_day end)
                over (partition by {{ key }}) as terminal_first_file_day
        from file_days
    ),

    ranked as (
        select
            *,
            row_number() over state_order as state_rank,
            {% for column in known %}
            first_value({{ column }} ignore nulls) over (
                state_order
                rows between unbounded preceding and unbounded following
            ) as known__{{ column }},
            {% endfor %}
            max(refund_amount) over (partition by {{ key }}) as max_refund,
            min(paid_at) over (partition by {{ key }}) as any_paid_at,
            min(case when refund_amount > 0 then exported_at end)
                over (partition by {{ key }}) as refund_first_seen_at,
            min(exported_at) over (partition by {{ key }})
                as first_exported_at,
            min(file_day) over (partition by {{ key }}) as first_file_day,
            -- listed again in the next day's file: the change happened
            -- after midnight, before the morning export
            bool_or(file_day = refund_first_file_day + interval 1 day)
                over (partition by {{ key }}) as refund_listed_next_day,
            bool_or(file_day = terminal_first_file_day + interval 1 day)
                over (partition by {{ key }}) as terminal_listed_next_day,
            count(*) over (partition by {{ key }}) as export_rows
        from firsts
        window state_order as (
            partition by {{ key }}
            order by
                status_rank desc nulls last,
                exported_at desc nulls last,
                _loaded_at desc,
                _source_file desc,
                _row_number desc
        )
    )

    select
        * exclude (
            state_rank, max_refund, any_paid_at, canonical_status,
            refund_amount, paid_at, file_day,
            refund_listed_next_day, terminal_listed_next_day
            {%- for column in known %}, {{ column }}, known__{{ column }}{% endfor %}
        ),
        {% for column in known %}
        known__{{ column }} as {{ column }},
        {% endfor %}
        coalesce(paid_at, any_paid_at) as paid_at,
        coalesce(max_refund, 0) as refund_amount,
        case
            when canonical_status = 'closed'
                and coalesce(paid_at, any_paid_at) is not null
                then 'cancelled'
            else canonical_status
        end as canonical_status,
        refund_first_file_day + case
            when refund_listed_next_day then interval 1 day
            else interval 0 day
        end as refund_changed_on,
        terminal_first_file_day + case
            when terminal_listed_next_day then interval 1 day
            else interval 0 day
        end as terminal_changed_on
    from ranked
    where state_rank = 1
{% endmacro %}

{#- Canonical status text: JD prefixes deleted orders with (删除). -#}
{% macro clean_status_text(column) -%}
    regexp_replace(trim({{ column }}), '^[(（]删除[)）]', '')
{%- endmacro %}

{#- The day whose changes an order export lists. Ops export orders by update
    time each morning for the day before (an export before noon covers the
    previous day; a later one the same day). -#}
{% macro export_change_day(column) -%}
    cast(cast({{ column }} - interval 12 hour as date) as timestamp)
{%- endmacro %}

{#- A staged line or order that was paid: it has a paid time, or a status
    that only a paid order reaches (paid, shipped, completed, cancelled =
    paid then closed). Used by the reconciliation, independently of the
    union's rule (paid time present), so a paid status without a paid time
    shows up as money that did not reach the marts. -#}
{% macro staged_is_paid(alias) -%}
    ({{ alias }}.paid_at is not null
        or ({{ alias }}.status_rank >= 1
            and {{ alias }}.canonical_status != 'closed'))
{%- endmacro %}
