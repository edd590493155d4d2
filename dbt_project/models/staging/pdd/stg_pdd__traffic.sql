{#- pdd shop overview: one row per day (latest export). -#}
-- depends_on: {{ source('pdd', 'traffic') }}
{{ shop_overview_traffic('pdd') }}
