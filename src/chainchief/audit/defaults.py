"""The bureau's starting configuration: finding categories for the six focus areas and the
early-warning rules. Loaded by a data migration; the bureau changes them in the admin."""

from __future__ import annotations

DEFAULT_CATEGORIES: dict[str, list[str]] = {
    "strategy": ["重大政策落实不到位", "规划目标未完成", "专项资金未按期拨付"],
    "performance": ["预算执行率低", "绩效目标未实现", "资金闲置", "虚报绩效"],
    "investment": ["未批先建", "超概算", "招投标不规范", "资金闲置", "工程款多计多付"],
    "livelihood": ["民生资金挤占挪用", "惠民补贴违规发放", "项目建成未使用"],
    "power": ["违规决策", "违规审批", "国有资产流失", "违规出借资金"],
    "integrity": ["违反中央八项规定精神", "违规发放津补贴", "公款吃喝", "利益输送"],
}

# code: (threshold, threshold_label, days, explanation)
DEFAULT_RULES: dict[str, tuple[str, str, int, str]] = {
    "started_unsigned": (
        "0",
        "无阈值",
        0,
        "项目已开工但没有签约日期，或开工后没有任何节点计划：程序倒置或缺少计划管控，"
        "易出现未批先建。",
    ),
    "overrun": (
        "10",
        "计划总投资较首次登记上调的百分比",
        0,
        "项目计划总投资较首次登记时上调超过阈值：存在超概算风险，需核查调整是否履行审批程序。",
    ),
    "investment_lag": (
        "30",
        "累计完成投资占计划总投资的最低百分比",
        365,
        "项目开工超过天数条件，累计完成投资仍低于计划总投资的阈值比例：可能存在资金不到位或"
        "项目停滞。",
    ),
    "idle_spent": (
        "0",
        "累计完成投资超过此金额（万元）",
        120,
        "开工项目超过天数条件无进展记录，但已报告完成投资：需核实资金去向和实际形象进度。",
    ),
    "funded_output_fell": (
        "20",
        "近12个月产值较前12个月下降的百分比",
        0,
        "项目登记了政策资金（项目库“政策资金（万元）”）的投资企业，近12个月产值较前12个月"
        "下降超过阈值：政策资金绩效存疑。",
    ),
    "overdue_rectification": (
        "1",
        "逾期未完成整改的问题数（个）",
        0,
        "单位有逾期未完成的审计整改：整改责任未落实。",
    ),
    "repeat_unit": (
        "2",
        "屡审屡犯问题数（个）",
        0,
        "单位同类问题在不同审计中反复出现：屡审屡犯，需从制度上整改。",
    ),
}


def load_defaults(FindingCategory, EarlyWarningRule) -> None:
    """Create the default categories and rules that do not exist yet (idempotent)."""
    for area, names in DEFAULT_CATEGORIES.items():
        for i, name in enumerate(names):
            FindingCategory.objects.get_or_create(focus_area=area, name=name, defaults={"sort": i})
    for code, (threshold, label, days, explanation) in DEFAULT_RULES.items():
        EarlyWarningRule.objects.get_or_create(
            code=code,
            defaults={
                "threshold": threshold,
                "threshold_label": label,
                "days": days,
                "explanation": explanation,
            },
        )
