-- Every month's channel-group shares add up to 1.
select
    month_start,
    sum(gmv_share) as total_share
from {{ ref('channel_mix_monthly') }}
group by month_start
having abs(sum(gmv_share) - 1) > 0.000001
