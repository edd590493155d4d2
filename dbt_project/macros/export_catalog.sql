{#-
    export_catalog: every platform export the warehouse reads, the name ops
    people know it by, and the marts that need it (docs/metrics.md, "Which
    exports each mart needs"). Its staging model is
    stg_<platform>__<export_type> and its raw table raw.<platform>__<export_type>.
    order_role says how an export reaches fct_orders: `orders` (its orders
    and paid amounts), `refunds` (refunds of orders another export lists) or
    none.
-#}
{% macro export_catalog() %}
    {{ return([
        {'platform': 'tmall', 'export_type': 'orders', 'export_name': '订单报表', 'order_role': 'orders', 'feeds': 'fct_orders, channel marts, customers'},
        {'platform': 'tmall', 'export_type': 'order_items', 'export_name': '宝贝报表', 'order_role': 'orders', 'feeds': 'product detail of Tmall lines'},
        {'platform': 'tmall', 'export_type': 'traffic', 'export_name': '生意参谋 商品', 'order_role': none, 'feeds': 'channel_funnel_daily, conversion'},
        {'platform': 'tmall', 'export_type': 'ads', 'export_name': '万相台 商品报表', 'order_role': none, 'feeds': 'marketing_roi_daily'},
        {'platform': 'jd', 'export_type': 'orders', 'export_name': '订单列表', 'order_role': 'orders', 'feeds': 'fct_orders, channel marts, customers'},
        {'platform': 'jd', 'export_type': 'settlement', 'export_name': '对账中心 结算明细', 'order_role': 'refunds', 'feeds': 'JD refunds'},
        {'platform': 'jd', 'export_type': 'traffic', 'export_name': '京东商智 店铺概况', 'order_role': none, 'feeds': 'channel_funnel_daily, conversion'},
        {'platform': 'jd', 'export_type': 'ads', 'export_name': '京准通 自定义报表', 'order_role': none, 'feeds': 'marketing_roi_daily'},
        {'platform': 'pdd', 'export_type': 'orders', 'export_name': '订单查询 导出', 'order_role': 'orders', 'feeds': 'fct_orders, channel marts, customers'},
        {'platform': 'pdd', 'export_type': 'traffic', 'export_name': '交易数据 店铺概况', 'order_role': none, 'feeds': 'channel_funnel_daily, conversion'},
        {'platform': 'pdd', 'export_type': 'ads', 'export_name': '多多推广', 'order_role': none, 'feeds': 'marketing_roi_daily'},
        {'platform': 'douyin', 'export_type': 'orders', 'export_name': '抖店 订单', 'order_role': 'orders', 'feeds': 'fct_orders, channel marts, customers'},
        {'platform': 'douyin', 'export_type': 'aftersales', 'export_name': '抖店 售后', 'order_role': 'refunds', 'feeds': 'Douyin refunds'},
        {'platform': 'douyin', 'export_type': 'traffic', 'export_name': '罗盘 商品', 'order_role': none, 'feeds': 'channel_funnel_daily, conversion'},
        {'platform': 'douyin', 'export_type': 'ads', 'export_name': '巨量千川', 'order_role': none, 'feeds': 'marketing_roi_daily'},
        {'platform': 'kuaishou', 'export_type': 'orders', 'export_name': '快手小店 订单', 'order_role': 'orders', 'feeds': 'fct_orders, channel marts, customers'},
        {'platform': 'kuaishou', 'export_type': 'traffic', 'export_name': '快手 店铺概况', 'order_role': none, 'feeds': 'channel_funnel_daily, conversion'},
        {'platform': 'kuaishou', 'export_type': 'ads', 'export_name': '磁力金牛', 'order_role': none, 'feeds': 'marketing_roi_daily'},
        {'platform': 'youzan', 'export_type': 'orders', 'export_name': '有赞 订单(商品维度)', 'order_role': 'orders', 'feeds': 'fct_orders, channel marts, customers'},
        {'platform': 'youzan', 'export_type': 'traffic', 'export_name': '有赞 店铺概况', 'order_role': none, 'feeds': 'channel_funnel_daily, conversion'},
        {'platform': 'erp', 'export_type': 'inventory', 'export_name': '聚水潭 商品库存', 'order_role': none, 'feeds': 'inventory marts'},
        {'platform': 'erp', 'export_type': 'products', 'export_name': '聚水潭 商品资料', 'order_role': none, 'feeds': 'dim_products, product marts'},
        {'platform': 'crm', 'export_type': 'members', 'export_name': '会员列表', 'order_role': none, 'feeds': 'customer identity'},
        {'platform': 'cs', 'export_type': 'sessions', 'export_name': '客服会话', 'order_role': none, 'feeds': 'service_levels_daily'},
        {'platform': 'cs', 'export_type': 'reviews', 'export_name': '商品评价', 'order_role': none, 'feeds': 'product ratings'},
    ]) }}
{% endmacro %}
