"""Columns of the bureau's Excel sheets: the plan and the findings, exported in the same
columns the import (audit/importing.py) reads."""

from __future__ import annotations

from collections.abc import Iterable

from chainchief.audit.models import Finding, PlanVersion

PLAN_HEADERS = [
    "年度", "计划编号", "审计项目名称", "审计类型", "重点领域", "被审计单位", "审计期间",
    "审计组长", "计划开始", "计划结束", "项目来源", "审计对象", "被审计领导干部", "职务",
    "任职单位", "任职起", "任职止", "离任/任中", "含自然资源资产",
]  # fmt: skip


def plan_rows(version: PlanVersion) -> Iterable[list]:
    year = version.plan.year
    for i in version.items.all():
        yield [
            year, i.key, i.name, i.get_kind_display(), i.get_focus_area_display(),
            i.audited_units, i.period_audited, i.team_leader, i.planned_start, i.planned_end,
            i.get_source_display(), i.subject, i.cadre_name, i.cadre_post, i.cadre_unit,
            i.tenure_from, i.tenure_to, i.get_cadre_mode_display() if i.cadre_mode else "",
            "是" if i.natural_resources else "否",
        ]  # fmt: skip


FINDING_HEADERS = [
    "年度", "审计项目", "问题编号", "问题摘要", "问题描述", "重点领域", "问题类别",
    "涉及金额（万元）", "问题定性依据", "责任单位", "责任人", "责任类型", "审计建议", "发现日期",
]  # fmt: skip


def finding_rows(findings) -> Iterable[list]:
    qs = (
        findings.select_related("audit", "category", "unit")
        if hasattr(findings, "select_related")
        else findings
    )
    for f in qs:
        f: Finding
        yield [
            f.audit.year, f.audit.name, f.number, f.summary, f.description,
            f.category.get_focus_area_display(), f.category.name, f.amount, f.legal_basis,
            f.unit.name, f.responsible_person, f.get_responsibility_display(),
            f.recommendation, f.found_on,
        ]  # fmt: skip
