{#-
    export_catalog: every platform export the warehouse reads, the name ops
    people know it by, and the marts that need it (docs/metrics.md, "Which
    exports each mart needs"). Its staging model is
    stg_<platform>__<export_type> and its raw table raw.<platform>__<export_type>.
    order_role says how an export reaches fct_orders: `orders` (its orders
    and paid amounts), `refunds` (refunds of orders another export lists) or
    none. staged (default true) says whether a staging model reads it:
    exports loaded to raw only (money side, affiliate, ERP costs) are
    `staged: false`, with feeds 'not modelled yet'.
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
        {'platform': 'douyin', 'export_type': 'orders', 'export_name': '订单', 'order_role': 'orders', 'feeds': 'fct_orders, channel marts, customers'},
        {'platform': 'douyin', 'export_type': 'aftersales', 'export_name': '售后', 'order_role': 'refunds', 'feeds': 'Douyin refunds'},
        {'platform': 'douyin', 'export_type': 'traffic', 'export_name': '罗盘 商品', 'order_role': none, 'feeds': 'channel_funnel_daily, conversion'},
        {'platform': 'douyin', 'export_type': 'ads', 'export_name': '巨量千川', 'order_role': none, 'feeds': 'marketing_roi_daily'},
        {'platform': 'kuaishou', 'export_type': 'orders', 'export_name': '订单', 'order_role': 'orders', 'feeds': 'fct_orders, channel marts, customers'},
        {'platform': 'kuaishou', 'export_type': 'traffic', 'export_name': '店铺概况', 'order_role': none, 'feeds': 'channel_funnel_daily, conversion'},
        {'platform': 'kuaishou', 'export_type': 'ads', 'export_name': '磁力金牛', 'order_role': none, 'feeds': 'marketing_roi_daily'},
        {'platform': 'youzan', 'export_type': 'orders', 'export_name': '订单（商品维度）', 'order_role': 'orders', 'feeds': 'fct_orders, channel marts, customers'},
        {'platform': 'youzan', 'export_type': 'traffic', 'export_name': '店铺概况', 'order_role': none, 'feeds': 'channel_funnel_daily, conversion'},
        {'platform': 'erp', 'export_type': 'inventory', 'export_name': '聚水潭 商品库存', 'order_role': none, 'feeds': 'inventory marts'},
        {'platform': 'erp', 'export_type': 'products', 'export_name': '聚水潭 商品资料', 'order_role': none, 'feeds': 'dim_products, product marts'},
        {'platform': 'crm', 'export_type': 'members', 'export_name': '会员列表', 'order_role': none, 'feeds': 'customer identity'},
        {'platform': 'cs', 'export_type': 'sessions', 'export_name': '客服会话', 'order_role': none, 'feeds': 'service_levels_daily'},
        {'platform': 'cs', 'export_type': 'reviews', 'export_name': '商品评价', 'order_role': none, 'feeds': 'product ratings'},
        {'platform': 'tmall', 'export_type': 'alipay_bill', 'export_name': '支付宝 账务明细', 'order_role': none, 'feeds': 'not modelled yet', 'staged': false},
        {'platform': 'tmall', 'export_type': 'wallet_bill', 'export_name': '千牛动账 / 微信账单', 'order_role': none, 'feeds': 'not modelled yet', 'staged': false},
        {'platform': 'tmall', 'export_type': 'dmp_items', 'export_name': '达摩盘 货品', 'order_role': none, 'feeds': 'not modelled yet', 'staged': false},
        {'platform': 'jd', 'export_type': 'fee_details', 'export_name': '后台 费用明细', 'order_role': none, 'feeds': 'not modelled yet', 'staged': false},
        {'platform': 'jd', 'export_type': 'affiliate', 'export_name': '京东联盟', 'order_role': none, 'feeds': 'not modelled yet', 'staged': false},
        {'platform': 'douyin', 'export_type': 'fund_flow', 'export_name': '动账明细', 'order_role': none, 'feeds': 'not modelled yet', 'staged': false},
        {'platform': 'douyin', 'export_type': 'account_flow', 'export_name': '账户流水', 'order_role': none, 'feeds': 'not modelled yet', 'staged': false},
        {'platform': 'douyin', 'export_type': 'settlement', 'export_name': '结算账单', 'order_role': none, 'feeds': 'not modelled yet', 'staged': false},
        {'platform': 'douyin', 'export_type': 'insurance_fees', 'export_name': '保费支出', 'order_role': none, 'feeds': 'not modelled yet', 'staged': false},
        {'platform': 'kuaishou', 'export_type': 'settlement', 'export_name': '结算明细', 'order_role': none, 'feeds': 'not modelled yet', 'staged': false},
        {'platform': 'kuaishou', 'export_type': 'fund_flow', 'export_name': '动账', 'order_role': none, 'feeds': 'not modelled yet', 'staged': false},
        {'platform': 'pdd', 'export_type': 'settlement', 'export_name': '对账中心 资金明细', 'order_role': none, 'feeds': 'not modelled yet', 'staged': false},
        {'platform': 'erp', 'export_type': 'order_costs', 'export_name': '聚水潭 订单成本', 'order_role': none, 'feeds': 'not modelled yet', 'staged': false},
        {'platform': 'tmall', 'export_type': 'ads_crowd', 'export_name': '万相台 人群报表', 'order_role': none, 'feeds': 'not modelled yet', 'staged': false},
        {'platform': 'tmall', 'export_type': 'ads_zhiduoxing', 'export_name': '智多星 推广报表', 'order_role': none, 'feeds': 'not modelled yet', 'staged': false},
        {'platform': 'jd', 'export_type': 'ads_hourly', 'export_name': '京准通 分时报表', 'order_role': none, 'feeds': 'not modelled yet', 'staged': false},
        {'platform': 'douyin', 'export_type': 'ads_material', 'export_name': '千川 素材报表', 'order_role': none, 'feeds': 'not modelled yet', 'staged': false},
        {'platform': 'erp', 'export_type': 'sales_analysis', 'export_name': '聚水潭 销售主题分析', 'order_role': none, 'feeds': 'not modelled yet', 'staged': false},
    ]) }}
{% endmacro %}
