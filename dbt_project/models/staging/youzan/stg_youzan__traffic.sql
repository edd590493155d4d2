{#- youzan shop overview: one row per day (latest export). -#}
-- depends_on: {{ source('youzan', 'traffic') }}
{{ shop_overview_traffic('youzan') }}
