"""Demo audit data (演示数据): the 2025 and 2026 annual plans (about 30 items, 5 cadre audits,
2025 adjusted once), their audits through the stages, about 150 findings with rectification
in every state, repeat findings, and the early warnings of the nightly rules.

Everything goes through the audit services (the same rules as the pages), so the cases of
kind 审计整改 exist too. Every name is invented. The secretary (总链长) sits on the audit
committee; each unit with findings gets a handler account (`unit_NN`, the demo password).
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from chainchief.accounts.changelog import acting_user
from chainchief.accounts.models import Role, User
from chainchief.audit import rectification as rs
from chainchief.audit import services
from chainchief.audit.models import (
    AuditCommitteeMember,
    AuditStage,
    FindingCategory,
    Rectification,
    RectState,
)
from chainchief.audit.warnings import run_rules
from chainchief.demo.users import save_demo_user
from chainchief.places.models import Department
from chainchief.projects import services as project_services
from chainchief.projects.models import Project

D = datetime.date
CADRES = [
    ("刘建国", "原局长", "市交通运输局", "leaving", False),
    ("陈晓峰", "局长", "市自然资源和规划局", "serving", True),
    ("杨志远", "原主任", "市发改委", "leaving", False),
    ("周海涛", "局长", "市住建局", "serving", False),
    ("吴丽萍", "原局长", "市农业农村局", "leaving", True),
]
SPECIALS = [
    ("市本级预算执行和决算草案审计", "performance", "市财政局", "2{y}年市本级预算"),
    ("产业发展专项资金审计", "strategy", "市工信局", "制造强市专项资金"),
    ("稳就业政策落实情况专项审计调查", "livelihood", "市人社局", "就业补助资金"),
    ("城镇老旧小区改造资金专项审计", "livelihood", "市住建局", "老旧小区改造资金"),
    ("国有企业负责人履职情况专项审计", "power", "市国资委", "市属国企"),
    ("医疗保障基金专项审计", "livelihood", "市卫健委", "医保基金"),
    ("政府债务风险专项审计调查", "strategy", "市财政局", "专项债券资金"),
    ("科技创新政策落实情况审计", "strategy", "市科技局", "科技创新奖补政策"),
    ("公务支出和公款消费专项审计", "integrity", "市商务局", "公务支出"),
    ("高标准农田建设资金审计", "performance", "市农业农村局", "高标准农田建设资金"),
    ("重点民生实事项目专项审计", "livelihood", "市发改委", "民生实事项目"),
    ("交通基础设施建设资金审计", "investment", "市交通运输局", "交通建设专项资金"),
    ("生态环境保护资金专项审计", "performance", "市自然资源和规划局", "生态保护修复资金"),
    ("惠企政策落实情况跟踪审计", "strategy", "市工信局", "惠企纾困政策"),
    ("行政事业单位国有资产管理审计", "power", "市国资委", "行政事业性国有资产"),
]
UNITS = ["市工信局", "市发改委", "市财政局", "市住建局", "市交通运输局", "市农业农村局", "市人社局",
         "市卫健委", "市国资委", "市科技局", "市自然资源和规划局", "市商务局"]  # fmt: skip
MEASURES = [
    "补办相关审批手续，完善项目前期管理制度。",
    "收回违规拨付资金并上缴国库，约谈相关责任人。",
    "修订专项资金管理办法，建立资金使用台账。",
    "重新履行招投标程序，对违规人员进行问责。",
    "盘活闲置资金，调整用于急需项目。",
]
PROGRESS = ["已制定整改方案并报单位党组审议。", "已完成资金清退，取得缴款凭证。",
            "已修订管理制度并印发执行。", "已对相关责任人进行诫勉谈话。"]  # fmt: skip


def _units() -> dict[str, Department]:
    by_short = {d.short_name or d.name: d for d in Department.objects.all()}
    return {name: by_short[name] for name in UNITS if name in by_short}


def _handlers(units: dict[str, Department], users: dict[str, User]) -> dict[int, User]:
    """One handler per unit: the demo `handler` for 市工信局, `unit_NN` for the others."""
    handlers: dict[int, User] = {}
    for i, (name, dept) in enumerate(units.items(), 1):
        existing = users.get("handler")
        if existing is not None and existing.department_id == dept.pk:
            handlers[dept.pk] = existing
            continue
        handlers[dept.pk] = save_demo_user(
            f"unit_{i:02d}",
            values={"role": Role.DEPARTMENT_HANDLER, "full_name": f"{name}整改联络员（演示）",
                    "title": "审计整改联络员", "department": dept},
        )  # fmt: skip
    return handlers


def _item(rng, year: int, spec, kind: str) -> dict:
    start = D(year, rng.randint(2, 8), rng.randint(1, 28))
    return {
        "planned_start": start, "planned_end": start + datetime.timedelta(days=rng.choice([60, 90, 120])),
        "period_audited": f"{year - 1}年度", "team_leader": rng.choice(["侯文博", "彭立军", "宋雅婷", "邓宏亮"]),
        "source": rng.choice(["higher", "authorised", "assigned", "own", "own"]), "kind": kind,
    } | spec  # fmt: skip


def _plan(rng, year: int, auditor, cadres, specials, projects, today) -> list:
    plan = services.create_plan(year=year, by=auditor)
    version = services.current_version(plan)
    for name, post, unit, mode, nr in cadres:
        services.add_item(version=version, by=auditor, **_item(rng, year, {
            "name": f"{unit}{post}{name}同志经济责任审计", "focus_area": "power",
            "audited_units": unit, "cadre_name": name, "cadre_post": post, "cadre_unit": unit,
            "tenure_from": D(year - 5, 3, 1), "tenure_to": D(year - 1, 12, 31), "cadre_mode": mode,
            "natural_resources": nr,
        }, "cadre"))  # fmt: skip
    for name, area, unit, subject in specials:
        kind = "special_survey" if "调查" in name else "special"
        services.add_item(version=version, by=auditor, **_item(rng, year, {
            "name": name, "focus_area": area, "audited_units": unit,
            "subject": subject.format(y=str(year)[1:]),
        }, kind))  # fmt: skip
    for chain_name in sorted({p.chain.name for p in projects})[:2]:
        services.add_item(version=version, by=auditor, **_item(rng, year, {
            "name": f"{chain_name}产业链重点项目投资审计", "focus_area": "investment",
            "audited_units": "市发改委、市住建局", "subject": f"{chain_name}产业链重点项目",
        }, "investment"))  # fmt: skip
    services.approve_version(version=version, by=auditor, approved_on=D(year, 2, 18))
    if year < today.year:
        v2 = services.adjust_plan(plan=plan, reason="根据市委审计委员会第二次会议要求，增加领导交办项目，"
                                  "并将一个项目调整至下年度实施", by=auditor)  # fmt: skip
        items = list(v2.items.order_by("key"))
        services.remove_item(item=items[-3], by=auditor)
        services.update_item(item=items[0], by=auditor, team_leader="彭立军")
        services.add_item(version=v2, by=auditor, **_item(rng, year, {
            "name": "重大招商引资项目政策兑现情况专项审计", "focus_area": "investment",
            "audited_units": "市商务局", "subject": "招商引资奖补资金", "source": "assigned",
        }, "special"))  # fmt: skip
        services.approve_version(version=v2, by=auditor, approved_on=D(year, 7, 20))
        version = v2
    return list(version.items.all())


def _run_audit(rng, item, auditor, units, projects, today):
    year = item.version.plan.year
    notice = min(item.planned_start or D(year, 3, 1), today)
    unit_names = [u for u in units if u in item.audited_units or u in item.cadre_unit]
    linked = rng.sample(projects, min(3, len(projects))) if item.kind == "investment" else []
    audit = services.start_audit_from_item(
        item=item, by=auditor, units=[units[u] for u in unit_names], projects=linked,
        notice_on=notice,
    )  # fmt: skip
    steps = [(AuditStage.FIELDWORK, 10), (AuditStage.REPORTING, 60), (AuditStage.RECTIFYING, 15)]
    on = notice
    for stage, days in steps:
        on = on + datetime.timedelta(days=days + rng.randint(0, 10))
        if on > today:
            break
        services.move_audit(audit=audit, to_stage=stage, by=auditor, on=on)
    return audit


def _advance(rng, rect: Rectification, handler, auditor, today) -> None:
    """Take the rectification as far as its age (and a roll of the dice) allows."""
    age = (today - rect.assigned_on).days
    roll = rng.random()
    if age < 20 or roll < 0.08:
        return  # still awaiting the plan (overdue when older than 30 days)
    kind = rng.choices(["immediate", "phased", "continuing"], weights=[5, 4, 1])[0]
    limit = {"immediate": 55, "phased": 300, "continuing": 1500}[kind]
    filed = min(today, rect.assigned_on + datetime.timedelta(days=rng.randint(10, 28)))
    rs.file_plan(rect=rect, by=handler, kind=kind, measures=rng.choice(MEASURES),
                 responsible_person=handler.full_name[:4] or "联络员",
                 due_on=rect.assigned_on + datetime.timedelta(days=rng.randint(30, limit)),
                 filed_on=filed)  # fmt: skip
    if (today - filed).days < 8 or roll < 0.14:
        return
    rs.confirm_plan(rect=rect, by=auditor, on=filed + datetime.timedelta(days=rng.randint(2, 9)))
    reported = min(today, filed + datetime.timedelta(days=rng.randint(15, 50)))
    rs.report_progress(rect=rect, by=handler, text=rng.choice(PROGRESS), reported_on=reported,
                       money_recovered=Decimal(rng.choice([0, 0, 5, 12, 30, 80, 150])),
                       rules_made=rng.choice([0, 0, 1, 2]), people_held=rng.choice([0, 0, 1, 3]))  # fmt: skip
    if roll < 0.3 or (today - reported).days < 5:
        return  # in progress
    rs.submit_for_review(rect=rect, by=handler)
    if roll < 0.36:
        return  # under review
    outcome = rng.choices(["done", "partial", "not_done", "continuing"], weights=[14, 2, 1, 1])[0]
    on = min(today, reported + datetime.timedelta(days=rng.randint(3, 20)))
    rs.review(rect=rect, by=auditor, outcome=outcome, on=on,
              reason="historical" if outcome == "continuing" else "",
              closing_record="核对整改佐证材料、缴款凭证和制度文件，整改到位。")  # fmt: skip


def build_demo_audit(rng: random.Random, *, users: dict[str, User], today: datetime.date) -> str:
    auditor = users["auditor"]
    # The reset removes every plan, audit and warning: the build starts from none.
    secretary = users.get("secretary")
    if secretary is not None and not AuditCommitteeMember.objects.filter(user=secretary).exists():
        services.add_committee_member(user=secretary, title="主任", by=auditor)
    units = _units()
    handlers = _handlers(units, users)
    projects = list(
        Project.objects.select_related("chain").filter(stage__in=["started", "signed"])[:40]
    )
    categories = list(FindingCategory.objects.filter(active=True))
    by_area: dict[str, list] = {}
    for c in categories:
        by_area.setdefault(c.focus_area, []).append(c)
    findings = 0
    with acting_user(auditor):
        items = _plan(rng, today.year - 1, auditor, CADRES[:2], SPECIALS[:9], projects, today)
        items += _plan(rng, today.year, auditor, CADRES[2:], SPECIALS[5:], projects, today)
        # A few planned investment figures raised (by the project's owner, through the edit
        # page's service): the 超概算 warning has evidence.
        for p in projects[:3]:
            if p.planned_investment:
                project_services.update_project(
                    project=p, by=p.responsible or p.created_by or auditor, version=p.version,
                    planned_investment=p.planned_investment * Decimal("1.25"),
                )  # fmt: skip
        for item in items:
            if item.planned_start and item.planned_start > today - datetime.timedelta(days=20):
                continue
            audit = _run_audit(rng, item, auditor, units, projects, today)
            if audit.stage not in (AuditStage.REPORTING, AuditStage.RECTIFYING):
                continue
            for n in range(rng.randint(4, 8)):
                unit_names = [u.short_name or u.name for u in audit.units.all()] or list(units)
                unit = units.get(rng.choice(unit_names)) or units[rng.choice(list(units))]
                # Repeats: a few unit + category pairs come back year after year.
                pool = by_area.get(audit.focus_area) or categories
                category = pool[0] if rng.random() < 0.25 else rng.choice(pool)
                found_on = max(audit.fieldwork_on or audit.notice_on, audit.notice_on) + datetime.timedelta(
                    days=rng.randint(5, 40))  # fmt: skip
                if found_on > today:
                    found_on = today
                finding = services.record_finding(
                    audit=audit, by=auditor, summary=f"{unit.short_name or unit.name}{category.name}问题（{n + 1}）",
                    description=f"审计发现{unit.name}存在{category.name}问题。（演示数据）",
                    category=category, unit=unit,
                    amount=Decimal(rng.choice([0, 15, 48, 120, 260, 530, 1200])),
                    legal_basis="《中华人民共和国审计法》及相关规定", responsible_person=rng.choice(["张某", "李某", "王某"]),
                    responsibility=rng.choice(["direct", "leadership"]),
                    recommendation="建议严格落实整改责任，健全长效机制。",
                    projects=list(audit.projects.all()[:1]), shared_with_chains=rng.random() < 0.5 and audit.projects.exists(),
                    found_on=found_on,
                )  # fmt: skip
                findings += 1
                _advance(rng, finding.rectification, handlers[unit.pk], auditor, today)
        rs.escalate_overdue(today=today)
        counts = run_rules(today=today)
    closed = Rectification.objects.filter(state=RectState.CLOSED).count()
    return (
        f"审计计划 2 个（审计项目 {len(items)} 个），审计发现问题 {findings} 个（已销号 {closed} 个），"
        f"审计预警 {sum(counts.values())} 条"
    )
