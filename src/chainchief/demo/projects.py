"""Demo projects: a pipeline per chain, from leads to projects in production.

Projects name a segment's product and an invented investor (演示数据); their moves,
milestones and progress entries are dated back from `today`, so the board, funnels and
warnings (stalled, overdue milestones, investment behind plan) all have something to show.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from chainchief.accounts.models import User
from chainchief.chains.models import Chain
from chainchief.places.models import Department
from chainchief.projects import services
from chainchief.projects.models import PIPELINE, Kind, Project, Stage

REGIONS = ["广东", "江苏", "浙江", "上海", "湖南", "湖北", "北京", "福建", "山东"]
CITIES = {"广东": "深圳", "江苏": "苏州", "浙江": "宁波", "上海": "上海", "湖南": "长沙",
          "湖北": "武汉", "北京": "北京", "福建": "厦门", "山东": "青岛"}  # fmt: skip
FIRMS = [
    "华拓",
    "瑞丰",
    "中科恒",
    "新能达",
    "博远",
    "汇智",
    "鼎晟",
    "凯瑞",
    "东明",
    "嘉和",
    "正泰源",
    "星联",
]
KIND_WEIGHTS = {Kind.values[0]: 5, Kind.values[1]: 2, Kind.values[2]: 2, Kind.values[3]: 1}
STEP_DAYS = {Stage.NEGOTIATING: 30, Stage.SIGNED: 45, Stage.STARTED: 60, Stage.IN_PRODUCTION: 240}
PROGRESS_TEXT = [
    "完成项目洽谈，双方就用地和设备选型达成一致。",
    "完成立项备案和环评批复。",
    "厂房主体结构施工中，完成工程量约 {pct}%。",
    "主要生产设备已到场，正在安装调试。",
    "召开项目调度会，协调解决用电报装问题。",
]


def build_demo_projects(
    rng: random.Random,
    *,
    chains: list[Chain],
    users: dict[str, User],
    today: datetime.date,
    per_chain: int = 8,
) -> int:
    """Create the demo pipeline through the project services (stage moves with their dates,
    签约 amounts and invested amounts by the services' rules); returns the number of projects."""
    lead_departments = {
        m.chain_id: m.department_id
        for c in chains
        for m in c.org_members.filter(role__code="lead_department", department__isnull=False)
    }
    fallback_department = Department.objects.order_by("sort", "id").first()
    projects: list[Project] = []
    for chain in chains:
        segments = [s for s in chain.segments.all() if s.terms]
        deputy = users.get(f"deputy_{chain.code.lower()}")
        for i in range(per_chain):
            segment = rng.choice(segments)
            product = rng.choice(segment.terms)
            region = rng.choice(REGIONS)
            firm = rng.choice(FIRMS)
            investor = f"{CITIES[region]}{firm}{rng.choice(['科技', '实业', '智能装备', '新材料'])}有限公司"
            kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
            stage = rng.choices([*PIPELINE, Stage.DROPPED], weights=[3, 3, 3, 3, 2, 1])[0]
            planned = Decimal(rng.choice([3000, 5000, 8000, 12000, 20000, 35000, 60000, 100000]))
            history = _history(rng, stage, today)
            start = (
                history[0][2] if history else today - datetime.timedelta(days=rng.randrange(10, 60))
            )
            stalled = rng.random() < 0.25
            last_progress_on = today - datetime.timedelta(
                days=rng.randrange(90, 150) if stalled else rng.randrange(1, 30)
            )
            project = services.create_project(
                by=deputy,
                name=_project_name(kind, product, firm, i),
                kind=kind,
                chain=chain,
                segment=segment,
                is_key=rng.random() < 0.4,
                investor_name=investor,
                source_region=region,
                target_reasons=[f"主营 {product}，可补{segment.get_stage_display()}·{segment.name}（演示数据）"],
                planned_investment=planned,
                expected_output=planned * Decimal("1.5"),
                expected_tax=(planned * Decimal("0.06")).quantize(Decimal("1")),
                land_mu=Decimal(rng.randrange(20, 300)),
                department_id=lead_departments.get(chain.pk) or getattr(fallback_department, "pk", None),
                responsible=deputy,
                planned_start_on=start + datetime.timedelta(days=90),
                planned_end_on=start + datetime.timedelta(days=450),
                # The lead was found on `start`; progress entries below move it on.
                stage_since=start,
                last_progress_on=min(start, last_progress_on),
                note="演示数据",
            )  # fmt: skip
            signed = (planned * Decimal(rng.choice(["0.8", "0.9", "1"]))).quantize(Decimal("1"))
            invested = _invested(rng, stage, planned)
            for _frm, to, day in history:
                services.move_stage(
                    project=project, to_stage=to, by=deputy, moved_on=day, note="演示数据",
                    reason="企业投资计划调整" if to == Stage.DROPPED else "",
                    signed_amount=signed if to == Stage.SIGNED else None,
                    # 投产 needs the invested amount: the first tranche is reported with it.
                    invested_to_date=_tranche(invested, 0) if to == Stage.IN_PRODUCTION else None,
                )  # fmt: skip
            _progress(rng, project, invested, last_progress_on)
            projects.append(project)
    _milestones(rng, projects, today)
    _policy_funds(rng, projects)
    return len(projects)


def _policy_funds(rng: random.Random, projects: list[Project]) -> None:
    """Most signed 技改/数字化 projects of local enterprises received policy funds (补助、奖励、贴息,
    3–10 % of the planned investment), recorded through the project service."""
    from chainchief.enterprises.models import Enterprise

    for p in projects:
        if p.kind not in (Kind.UPGRADING, Kind.DIGITAL) or p.stage not in PIPELINE[2:]:
            continue
        if rng.random() < 0.3:
            continue
        local = list(Enterprise.objects.filter(chains=p.chain_id).order_by("id")[:30])
        if not local:
            continue
        owner = rng.choice(local)
        share = Decimal(rng.choice(["0.03", "0.05", "0.08", "0.1"]))
        services.update_project(
            project=p, by=p.created_by, version=p.version, investor_enterprise=owner,
            investor_name=owner.name, policy_funds=(p.planned_investment * share).quantize(Decimal("1")),
        )  # fmt: skip


def _project_name(kind: str, product: str, firm: str, i: int) -> str:
    if kind == Kind.UPGRADING:
        return f"{product}生产线技术改造项目（{i + 1}）"
    if kind == Kind.DIGITAL:
        return f"{product}数字化车间建设项目（{i + 1}）"
    if kind == Kind.MAJOR:
        return f"{product}产业园建设项目（{i + 1}）"
    return f"{firm}{product}生产基地项目（{i + 1}）"


def _history(
    rng: random.Random, stage: str, today: datetime.date
) -> list[tuple[str, str, datetime.date]]:
    """The moves that led to `stage`, dated backwards from a recent day."""
    target = PIPELINE.index(stage) if stage in PIPELINE else rng.randrange(1, 3)
    steps = list(zip(PIPELINE[:target], PIPELINE[1 : target + 1], strict=True))
    if stage == Stage.DROPPED:
        steps.append((PIPELINE[target], Stage.DROPPED))
    day = today - datetime.timedelta(days=rng.randrange(5, 40))
    history = []
    for frm, to in reversed(steps):
        history.append((frm, to, day))
        day -= datetime.timedelta(days=STEP_DAYS.get(to, 30) + rng.randrange(0, 30))
    return list(reversed(history))


def _invested(rng: random.Random, stage: str, planned: Decimal) -> Decimal:
    """What a project under construction or in production has invested so far (万元)."""
    if stage == Stage.IN_PRODUCTION:
        return planned
    if stage == Stage.STARTED:
        return (planned * Decimal(rng.randrange(15, 80)) / 100).quantize(Decimal("1"))
    return Decimal(0)


TRANCHES = 3


def _tranche(invested: Decimal, k: int) -> Decimal:
    """The invested amount to date after the k-th of three reports (the last one is all)."""
    if k == TRANCHES - 1:
        return invested
    return (invested * (k + 1) / TRANCHES).quantize(Decimal("1"))


def _progress(
    rng: random.Random, project: Project, invested: Decimal, last_on: datetime.date
) -> None:
    """Progress reports, a month apart up to `last_on`; those of a project with investment
    report the invested amount to date (the service keeps it rising and sums increments)."""
    steps = TRANCHES if invested else 1
    for k in range(steps):
        services.add_progress(
            project=project, by=project.responsible,
            reported_on=last_on - datetime.timedelta(days=30 * (steps - 1 - k)),
            text=rng.choice(PROGRESS_TEXT).format(pct=rng.randrange(20, 90)) + "（演示数据）",
            invested_to_date=max(_tranche(invested, k), project.invested) if invested else None,
        )  # fmt: skip


def _milestones(rng: random.Random, projects: list[Project], today: datetime.date) -> None:
    for p in projects:
        base = p.planned_start_on or today
        for k, name in enumerate(["完成供地", "开工建设", "主体完工", "投产达效"]):
            planned_on = base + datetime.timedelta(days=120 * k - 60)
            is_done = planned_on < today and rng.random() < 0.75
            milestone = services.add_milestone(
                project=p, by=p.responsible, name=name, planned_on=planned_on,
                planned_investment=(p.planned_investment * Decimal(k + 1) / 4).quantize(Decimal("1")),
            )  # fmt: skip
            late = datetime.timedelta(days=rng.randrange(0, 20))
            if is_done:
                services.complete_milestone(
                    milestone=milestone, by=p.responsible, actual_on=min(planned_on + late, today)
                )
