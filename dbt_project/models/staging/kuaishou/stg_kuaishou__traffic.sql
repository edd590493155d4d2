{#- kuaishou shop overview: one row per day (latest export). -#}
-- depends_on: {{ source('kuaishou', 'traffic') }}
{{ shop_overview_traffic('kuaishou') }}
