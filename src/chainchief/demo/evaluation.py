"""Demo review meetings (演示数据): the indicator system of evaluation/demo/indicators.yaml for
the current and the previous year, the last four complete quarters computed (the three older
ones published, comments signed with action items), expert ratings, one veto, and ledger
entries of incentives and constraints. Built through the evaluation's services."""

from __future__ import annotations

import datetime
import random
from pathlib import Path

from chainchief.accounts.changelog import acting_user
from chainchief.accounts.models import Role, User
from chainchief.chains.models import Chain, ChainOrgMember
from chainchief.evaluation import services
from chainchief.evaluation.models import ChainResult, Comment, IncentiveKind
from chainchief.evaluation.yaml_io import load_system_yaml
from chainchief.places.models import Department

SYSTEM_FILE = Path(__file__).resolve().parents[1] / "evaluation" / "demo" / "indicators.yaml"
RATERS = ["牵头部门", "专家团队", "产业联盟", "工作专班", "市发改委"]


def last_quarters(today: datetime.date, n: int = 4) -> list[str]:
    year, q = today.year, (today.month - 1) // 3  # the last complete quarter
    if q == 0:
        year, q = year - 1, 4
    result = []
    for _ in range(n):
        result.append(f"{year}Q{q}")
        year, q = (year, q - 1) if q > 1 else (year - 1, 4)
    return result[::-1]


def build_demo_evaluation(rng: random.Random, *, today: datetime.date) -> dict[str, int]:
    office = User.objects.filter(role=Role.CHAIN_OFFICE).order_by("id").first()
    secretary = User.objects.filter(role=Role.GENERAL_CHIEF).order_by("id").first() or office
    text = SYSTEM_FILE.read_text(encoding="utf-8")
    periods = last_quarters(today)
    systems = {}
    for year in sorted({int(p[:4]) for p in periods}):
        with acting_user(office):  # the system page's upload, as the office
            systems[year] = load_system_yaml(text.replace("year: 2026", f"year: {year}"))
    chains = list(Chain.objects.filter(status=Chain.Status.ACTIVE).order_by("sort", "code"))
    departments = list(Department.objects.all()[:6])
    veto_chain = chains[-1] if chains else None
    counts = {"runs": 0, "comments": 0, "incentives": 0}
    for n, period in enumerate(periods):
        system = systems[int(period[:4])]
        experts = system.indicators.get(code="experts")
        for chain in chains:
            for rater in RATERS:
                services.rate(
                    indicator=experts,
                    chain=chain,
                    period=period,
                    rater=rater,
                    score=rng.randint(68, 96),
                    by=office,
                )
        if n == 1 and veto_chain is not None:
            services.set_manual_value(
                indicator=system.indicators.get(code="accident"),
                chain=veto_chain,
                period=period,
                value=1,
                note="演示数据：本季度发生一起较大安全生产事故",
                by=office,
            )
        run = services.compute_run(run=services.create_run(system=system, period=period, by=office))
        counts["runs"] += 1
        if n == len(periods) - 1:
            continue  # the newest stays a draft: the office prepares the next meeting with it
        services.publish_run(run=run, by=office)
        decided = min(
            today,
            datetime.date(int(period[:4]), int(period[-1]) * 3, 28) + datetime.timedelta(days=20),
        )
        results = list(ChainResult.objects.filter(run=run).select_related("chain").order_by("rank"))
        for result in results:
            comment = Comment.objects.get(run=run, chain=result.chain)
            if result in results[-3:] and departments:
                services.add_action_item(
                    comment=comment,
                    text=f"演示数据：针对{period}排名靠后的指标制定整改方案，下次点评会报告进展",
                    deadline=decided + datetime.timedelta(days=30),
                    department=rng.choice(departments),
                    by=office,
                    today=decided,
                )
            services.sign_comment(comment=comment, version=comment.version, by=secretary)
            counts["comments"] += 1
        chief_of = {
            m.chain_id: m.user
            for m in ChainOrgMember.objects.filter(
                role__code="chief", chain__in=[r.chain for r in results], user__isnull=False
            ).select_related("user")
        }
        for result in results[:2]:
            services.add_incentive(
                kind=IncentiveKind.PRAISE,
                run=run,
                chain=result.chain,
                person=chief_of.get(result.chain_id),
                text=f"演示数据：{period} 考评第 {result.rank} 名，通报表扬",
                decided_on=decided,
                by=office,
            )
            counts["incentives"] += 1
        top = results[0]
        services.add_incentive(
            kind=IncentiveKind.REWARD,
            run=run,
            chain=top.chain,
            amount=50,
            text=f"演示数据：{period} 考评第一名，奖励工作经费",
            decided_on=decided,
            by=office,
        )
        bottom = results[-1]
        services.add_incentive(
            kind=IncentiveKind.TALK,
            run=run,
            chain=bottom.chain,
            person=chief_of.get(bottom.chain_id),
            text=f"演示数据：{period} 考评排名末位，约谈链长",
            decided_on=decided,
            by=office,
        )
        services.add_incentive(
            kind=IncentiveKind.RECTIFY,
            run=run,
            chain=bottom.chain,
            text=f"演示数据：{period} 考评排名末位，限期一个月整改",
            decided_on=decided,
            by=office,
        )
        counts["incentives"] += 3
    return counts
