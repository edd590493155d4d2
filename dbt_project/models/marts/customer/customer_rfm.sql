{#- One row per customer with a paid order before the as-of date. Scores
    1–5 are quintiles (ntile(5)) of recency (more recent = higher), frequency
    and monetary (net); equal values share the lowest quintile any of them
    falls in, so ties never split and scores do not depend on customer_id.
    High = score ≥ var rfm_high_score (default 3). -#}
with

orders as (
    select * from {{ ref('int_order_customers') }}
    where is_paid and customer_id is not null
),

as_of as (
    select * from {{ ref('int_customer_as_of') }}
),

segments as (
    select * from {{ ref('customer_rfm_segments') }}
),

customers as (
    select
        orders.customer_id,
        any_value(as_of.as_of_date) as as_of_date,
        max(orders.paid_date) as last_order_date,
        count(*) as frequency,
        cast(sum(orders.net_amount) as decimal(18, 2)) as monetary
    from orders
    cross join as_of
    where orders.paid_date < as_of.as_of_date
    group by orders.customer_id
),

quintiles as (
    select
        *,
        date_diff('day', last_order_date, as_of_date) as recency_days,
        ntile(5) over (order by last_order_date, customer_id) as r_tile,
        ntile(5) over (order by frequency, customer_id) as f_tile,
        ntile(5) over (order by monetary, customer_id) as m_tile
    from customers
),

scored as (
    select
        * exclude (r_tile, f_tile, m_tile),
        min(r_tile) over (partition by last_order_date) as r_score,
        min(f_tile) over (partition by frequency) as f_score,
        min(m_tile) over (partition by monetary) as m_score
    from quintiles
),

final as (
    select
        -- ids
        scored.customer_id,
        scored.as_of_date,
        -- rfm values
        scored.last_order_date,
        scored.recency_days,
        scored.frequency,
        scored.monetary,
        -- scores
        scored.r_score,
        scored.f_score,
        scored.m_score,
        cast(scored.r_score as varchar) || cast(scored.f_score as varchar)
        || cast(scored.m_score as varchar) as rfm_code,
        -- segment
        segments.r_high,
        segments.f_high,
        segments.m_high,
        segments.segment_code,
        segments.segment_cn,
        segments.segment_en
    from scored
    inner join segments
        on (scored.r_score >= {{ var('rfm_high_score', 3) }}) = segments.r_high
            and (scored.f_score >= {{ var('rfm_high_score', 3) }})
            = segments.f_high
            and (scored.m_score >= {{ var('rfm_high_score', 3) }})
            = segments.m_high
)

select * from final
