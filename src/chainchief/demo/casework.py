"""Demo cases (演示数据): about 600 problems over the last 12 months, built through the
casework services with realistic timing (most on time, some late, extended, handed back,
reopened), enterprise visits whose points became cases, and an escalation tick at the end.
Notifications are only sent for the last 30 days, so the demo users' bells stay readable."""

from __future__ import annotations

import contextlib
import datetime
import random

from chainchief.accounts.models import User
from chainchief.casework import calendar, notify, services, services_portal
from chainchief.casework.models import Case, State
from chainchief.chains.models import Chain
from chainchief.demo.users import save_demo_user
from chainchief.enterprises.models import Enterprise
from chainchief.places.models import Department

# Category → (weight, departments by short name, the problem in an enterprise's words)
CATEGORIES = {
    "skills": (
        18,
        ["市人社局"],
        ["今年扩产需新增{n}名{job}，本地招工困难，希望协调技工院校定向培养"],
    ),
    "financing_access": (12, ["市金融办"], ["新建产线需流动资金{m}万元，缺少抵押物，银行授信难"]),
    "financing_cost": (8, ["市金融办"], ["现有贷款利率偏高，希望对接低息的链上贷产品"]),
    "capacity": (10, ["市工信局", "市发改委"], ["扩产项目需新增{n}亩厂房，希望协调标准厂房"]),
    "university": (6, ["市科技局"], ["希望与本地高校对接{job}方向的联合研发"]),
    "research": (6, ["市科技局"], ["寻找可产业化的{product}相关科研成果，开展产学研合作"]),
    "land": (7, ["市自然资源和规划局"], ["二期用地{n}亩尚未摘牌，影响项目开工"]),
    "power_gas": (6, ["国网衡阳供电公司"], ["新上设备需增容{n}千伏安，申请加快办理"]),
    "approval": (8, ["市市场监管局", "市住建局"], ["新厂房施工许可办理进度慢，请协调"]),
    "logistics": (4, ["市交通运输局"], ["原材料运输成本高，希望开通园区物流专线"]),
    "market": (6, ["市商务局", "市工信局"], ["希望推荐{product}进入本地链主企业供应体系"]),
    "policy": (7, ["市财政局", "市工信局"], ["去年技改补贴尚未兑现，请协调拨付"]),
    "other": (2, ["市工信局"], ["园区道路照明不足，夜班员工出行不便"]),
}
JOBS = ["焊工", "数控车工", "电工", "质检员", "软件工程师", "化工操作工"]
SOURCES = [("enterprise", 45), ("visit", 25), ("chief", 10), ("hotline", 12), ("review_meeting", 8)]
ANSWERS = [
    "已会同相关单位现场办公，明确解决方案并落实到位",
    "已组织专场对接会，企业与对接方达成合作意向",
    "已按政策办理完毕，相关文件已送达企业",
]


def _workday(day: datetime.date) -> datetime.date:
    return calendar.next_workday_on_or_after(day)


def _later(rng: random.Random, day: datetime.date, low: int, high: int) -> datetime.date:
    return calendar.add_working_days(day, rng.randint(low, high))


def build_demo_cases(
    rng: random.Random, *, users: dict[str, User], today: datetime.date, count: int = 600
) -> dict[str, int]:
    """Create the demo cases and visits; returns counts for the summary."""
    departments = {d.short_name or d.name: d for d in Department.objects.all()}
    chains = list(Chain.objects.all())
    by_chain = {c.pk: list(Enterprise.objects.filter(chains=c).order_by("id")[:60]) for c in chains}
    office = users["office"]
    contact = users["contact"]
    counts = {"cases": 0, "visits": 0}
    weights = [w for w, _, _ in CATEGORIES.values()]
    start = today - datetime.timedelta(days=365)
    plans = sorted(
        (start + datetime.timedelta(days=rng.randint(0, 364)) for _ in range(count)),
    )
    for raised in plans:
        raised = _workday(raised)
        if raised > today:
            continue
        chain = rng.choice(chains)
        pool = by_chain.get(chain.pk) or []
        enterprise = rng.choice(pool) if pool and rng.random() > 0.05 else None
        if contact.enterprise_id and rng.random() < 0.03:
            enterprise = Enterprise.objects.get(pk=contact.enterprise_id)
            chain = enterprise.chains.order_by("id").first() or chain
        category = rng.choices(list(CATEGORIES), weights=weights)[0]
        _, dept_names, texts = CATEGORIES[category]
        lead = departments.get(rng.choice(dept_names)) or departments.get("市工信局")
        deputy = users.get(f"deputy_{chain.code.lower()}") or office
        source = rng.choices([s for s, _ in SOURCES], weights=[w for _, w in SOURCES])[0]
        product = rng.choice([t for s in chain.segments.all()[:5] for t in s.terms] or ["产品"])
        text = rng.choice(texts).format(
            n=rng.choice([20, 30, 50, 80, 120]), m=rng.choice([500, 1000, 3000]),
            job=rng.choice(JOBS), product=product,
        )  # fmt: skip
        recent = (today - raised).days <= 30
        with contextlib.nullcontext() if recent else notify.muted():
            if source == "visit" and enterprise is not None:
                visit = services_portal.log_visit(
                    by=deputy, enterprise=enterprise, visited_on=raised,
                    visitors=f"{deputy.display_name}、{lead.short_name or lead.name}同志",
                    met="企业负责人", notes="走访了解生产经营情况（演示数据）",
                    points=[(text, category)], chain=chain, is_demo=True,
                )  # fmt: skip
                counts["visits"] += 1
                case = services_portal.point_to_case(
                    point=visit.points.get(), by=deputy, is_demo=True
                )
            else:
                by = contact if enterprise and enterprise.pk == contact.enterprise_id else deputy
                case = services.create_case(
                    by=by, title=text[:24], text=text, category=category,
                    enterprise=enterprise, chain=chain, source=source,
                    urgency=rng.choices(["normal", "urgent", "critical"], [80, 15, 5])[0],
                    raised_on=raised, is_demo=True,
                )  # fmt: skip
            _walk(rng, case, lead=lead, departments=departments, deputy=deputy, office=office,
                  contact=contact, today=today)  # fmt: skip
        counts["cases"] += 1
    counts.update(services.tick(today=today))
    return counts


def _walk(rng, case: Case, *, lead, departments, deputy, office, contact, today) -> None:
    """Move one case through its life up to `today`, with dates that may run late."""
    worker = _handler_for(lead)

    def go(action: str, by, on: datetime.date, **kw) -> bool:
        nonlocal case
        if on > today:
            return False
        try:
            case = services.transition(
                case=case, action=action, by=by, version=case.version, on=on, **kw
            )
        except services.CaseError:
            return False
        return True

    day = case.raised_on
    if rng.random() < 0.03:
        go("reject", deputy, _later(rng, day, 0, 1), comment="属于司法程序，不予受理")
        return
    co = [d for d in rng.sample(list(departments.values()), 1) if d != lead and rng.random() < 0.3]
    day = _later(rng, day, 0, 2)
    if not go("assign", deputy, day, lead_department=lead, co_departments=co):
        return
    if rng.random() < 0.06:
        day = _later(rng, day, 1, 2)
        if not go("hand_back", worker, day, comment="该事项不属本单位职责，建议改由其他单位主办"):
            return
        day = _later(rng, day, 0, 1)
        if not go("assign", deputy, day, lead_department=lead, co_departments=co):
            return
    day = _later(rng, day, 0, 1)
    if not go("start", worker, day):
        return
    if rng.random() < 0.1:
        day = _later(rng, day, 1, 3)
        if not go("request_info", worker, day, comment="请企业补充项目备案和用工计划"):
            return
        day = _later(rng, day, 2, 8)
        if not go("supply_info", contact if case.enterprise_id == contact.enterprise_id
                  else deputy, day, comment="已补充相关材料"):  # fmt: skip
            return
    if rng.random() < 0.1:
        ask = _later(rng, day, 1, 3)
        if go("request_extension", worker, ask, comment="需上级部门协调，申请延期", days=5):
            go("approve_extension", deputy, _later(rng, ask, 0, 1))
    for round_ in range(2):
        late = rng.random() < 0.15
        used = rng.randint(case.limit_days + 1, case.limit_days + 8) if late else rng.randint(
            max(1, case.limit_days // 3), case.limit_days
        )  # fmt: skip
        day = calendar.add_working_days(case.clock_started_on or day, used)
        if not go("answer", worker, day, comment=rng.choice(ANSWERS)):
            return
        day = _later(rng, day, 1, 5)
        rating = rng.choices(["satisfied", "basic", "unsatisfied"], [70, 20, 10])[0]
        rater = contact if case.enterprise_id == contact.enterprise_id else deputy
        if not go("rate", rater, day, rating=rating, comment="电话回访（演示数据）"):
            return
        if case.state == State.CLOSED:
            return
        day = _later(rng, day, 0, 2)
        if round_ == 0 and rng.random() < 0.6:
            if not go("reopen", deputy, day, comment="企业不满意，重新办理"):
                return
        else:
            go("close", deputy, day, comment="已向企业解释政策边界，说明理由办结")
            return


def _handler_for(department: Department) -> User:
    """The department's handler; departments without one get a demo account (no password:
    it cannot log in until the office sets one)."""
    user = User.objects.filter(role="department_handler", department=department).first()
    if user is None:
        user = save_demo_user(
            f"handler_{department.pk}",
            values={
                "role": "department_handler",
                "department": department,
                "full_name": f"{department.short_name or department.name}经办人（演示）",
            },
            can_log_in=False,
        )
    return user
