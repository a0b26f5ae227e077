"""A small city for evaluation tests: four chains with hand-countable figures for 2026Q3
(1—9月) and the same months of 2025, and an indicator system loaded from YAML.

Per chain (规上 output per month 2026 / 2025 in 万元; projects started in 2026; goal 亿元):
  PWR  1000 / 800   2 started   goal 1.2   ratings 90 60 100 85 80   1 new 高新
  BIO   500 / 500   0 started   —
  NEW  2000 / 1600  2 started   goal 2.0   veto value 1
  CAR   300 / 600   1 started   —
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from chainchief.accounts.models import Role
from chainchief.chains.models import Chain, DevelopmentGoal
from chainchief.enterprises.models import EnterpriseTier, MonthlyIndicator, Tier
from chainchief.evaluation import services
from chainchief.evaluation.yaml_io import load_system_yaml
from chainchief.projects.models import Project, Stage
from tests.factories import ChainFactory, EnterpriseFactory, assign, make_user

SYSTEM_YAML = """
name: 链长制考核
year: 2026
grades: {优秀: 90, 良好: 80, 一般: 60}
board_size: 1
dimensions:
  - name: 产业规模
    indicators:
      - {code: output_goal, name: 规上工业总产值目标完成率, unit: 亿元, source: output, method: target_rate, weight: 30, params: {goal: 规上工业总产值, cap: 1.2}}
      - {code: output_growth, name: 规上工业总产值增速, unit: "%", source: output_growth, method: efficacy, weight: 30, params: {satisfactory: 20, allowed: -10}}
  - name: 项目建设
    indicators:
      - {code: started, name: 开工项目数, unit: 个, source: projects_started, method: rank, weight: 20, params: {step: 5}}
  - name: 创新能力
    indicators:
      - {code: experts, name: 专家评议, unit: 分, source: ratings, method: subjective, weight: 20}
      - {code: high_tech, name: 新增高新技术企业, unit: 家, source: new_high_tech, method: bonus, weight: 0, params: {per_item: 2, cap: 3}}
      - {code: accident, name: 重大安全事故, unit: 起, source: manual, method: veto, weight: 0, params: {threshold: 0}}
"""

MONTHLY = {"PWR": (1000, 800), "BIO": (500, 500), "NEW": (2000, 1600), "CAR": (300, 600)}
STARTED = {"PWR": 2, "BIO": 0, "NEW": 2, "CAR": 1}


@dataclass
class City:
    chains: dict[str, Chain]
    system: object
    office: object
    users: dict = field(default_factory=dict)
    projects: dict = field(default_factory=dict)
    enterprises: dict = field(default_factory=dict)


def months(year: int) -> list[datetime.date]:
    return [datetime.date(year, m, 1) for m in range(1, 10)]


@pytest.fixture
def city(db) -> City:
    office = make_user(Role.CHAIN_OFFICE, "office")
    chains = {}
    for n, (code, (now, last)) in enumerate(MONTHLY.items()):
        chain = ChainFactory(
            code=code,
            name={"PWR": "输变电装备", "BIO": "生物医药", "NEW": "新材料", "CAR": "汽车零部件"}[
                code
            ],
            sort=n,
        )
        chains[code] = chain
        e = EnterpriseFactory(name=f"{chain.name}规上企业有限公司")
        e.chains.add(chain)
        EnterpriseTier.objects.create(
            enterprise=e, tier=Tier.ABOVE_SCALE, gained_on=datetime.date(2020, 1, 1)
        )
        MonthlyIndicator.objects.bulk_create(
            [
                MonthlyIndicator(enterprise=e, month=m, output_value=Decimal(now))
                for m in months(2026)
            ]
            + [
                MonthlyIndicator(enterprise=e, month=m, output_value=Decimal(last))
                for m in months(2025)
            ]
        )
        for i in range(STARTED[code]):
            Project.objects.create(
                chain=chain,
                name=f"{chain.name}项目{i + 1}",
                stage=Stage.STARTED,
                planned_investment=Decimal(20000),
                started_on=datetime.date(2026, 3 + i, 10),
            )
        # A project started last year does not count for 2026.
        Project.objects.create(
            chain=chain,
            name=f"{chain.name}旧项目",
            stage=Stage.STARTED,
            started_on=datetime.date(2025, 6, 1),
        )
    # Below the size threshold: its output is not 规上 and must not count.
    small = EnterpriseFactory(name="输变电小微企业有限公司")
    small.chains.add(chains["PWR"])
    MonthlyIndicator.objects.create(
        enterprise=small, month=datetime.date(2026, 2, 1), output_value=Decimal(99999)
    )
    tech = chains["PWR"].enterprises.order_by("id").first()
    EnterpriseTier.objects.create(
        enterprise=tech, tier=Tier.HIGH_TECH, gained_on=datetime.date(2026, 5, 20)
    )
    DevelopmentGoal.objects.create(
        chain=chains["PWR"],
        indicator="规上工业总产值",
        unit="亿元",
        year=2026,
        target_value=Decimal("1.2"),
    )
    DevelopmentGoal.objects.create(
        chain=chains["NEW"],
        indicator="规上工业总产值",
        unit="亿元",
        year=2026,
        target_value=Decimal("2.0"),
    )
    system = load_system_yaml(SYSTEM_YAML)
    experts = system.indicators.get(code="experts")
    for n, score in enumerate([90, 60, 100, 85, 80]):
        services.rate(
            indicator=experts,
            chain=chains["PWR"],
            period="2026Q3",
            rater=f"专家{n + 1}",
            score=score,
            by=office,
        )
    services.set_manual_value(
        indicator=system.indicators.get(code="accident"),
        chain=chains["NEW"],
        period="2026Q3",
        value=1,
        note="7 月发生一起较大安全生产事故",
        by=office,
    )
    chief = make_user(Role.CHAIN_CHIEF, "chief_pwr")
    assign(chief, chains["PWR"], "chief")
    users = {
        "office": office,
        "chief": chief,
        "secretary": make_user(Role.GENERAL_CHIEF, "secretary"),
        "contact": make_user(Role.ENTERPRISE_CONTACT, "contact"),
    }
    return City(chains, system, office, users)


@pytest.fixture
def computed_run(city):
    run = services.create_run(system=city.system, period="2026Q3", by=city.office)
    return services.compute_run(run=run)
