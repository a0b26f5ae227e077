"""Goals against actuals: each goal's actual value for its year beside the target, with the
completion rate and a colour, on the chain pages and the cockpit."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from chainchief.accounts.models import Role
from chainchief.projects.models import Project
from chainchief.web.goals import goal_progress
from tests.factories import (
    ChainFactory,
    EnterpriseFactory,
    GoalFactory,
    IndicatorFactory,
    make_user,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture
def chain():
    chain = ChainFactory(code="PWR", name="输变电装备产业链")
    for name in ("甲公司", "乙公司"):
        e = EnterpriseFactory(name=name)
        e.chains.add(chain)
        for month in range(1, 7):  # January to June 2026: 2 × 6 × 5000 万元 = 6 亿元
            IndicatorFactory(
                enterprise=e, month=datetime.date(2026, month, 1), output_value=Decimal(5000)
            )
    return chain


def _one(goal):
    [progress] = goal_progress([goal], today=TODAY)
    return progress


def test_output_is_summed_over_the_year_and_converted_to_the_goals_unit(chain):
    p = _one(GoalFactory(chain=chain, indicator="规上工业总产值", unit="亿元", target_value=10))
    assert p.actual == Decimal("6.00")
    assert p.rate == Decimal("0.6")
    assert p.expected == Decimal("0.5")  # June: half the year
    assert p.status == "ok"
    assert p.as_of == datetime.date(2026, 6, 1)


def test_a_rate_below_80_percent_of_the_elapsed_share_is_red(chain):
    p = _one(GoalFactory(chain=chain, indicator="工业总产值", unit="亿元", target_value=20))
    assert p.rate == Decimal("0.3")
    assert p.status == "bad"
    p = _one(GoalFactory(chain=chain, indicator="产值", unit="万元", target_value=140000))
    assert p.actual == Decimal("60000.00") and p.status == "warn"  # 0.43 ≥ 0.8 × 0.5


def test_enterprise_counts_compare_with_the_whole_target(chain):
    p = _one(GoalFactory(chain=chain, indicator="链上企业数", unit="家", target_value=4))
    assert (p.actual, p.rate, p.expected, p.status) == (
        Decimal("2.00"),
        Decimal("0.5"),
        Decimal(1),
        "bad",
    )


def test_signed_projects_count_those_signed_in_the_year(chain):
    for i, signed in enumerate((datetime.date(2026, 3, 1), datetime.date(2025, 12, 1), None)):
        Project.objects.create(name=f"项目{i}", chain=chain, signed_on=signed)
    p = _one(GoalFactory(chain=chain, indicator="新引进项目", unit="个", target_value=2))
    assert p.actual == Decimal("1.00") and p.rate == Decimal("0.5")


def test_an_indicator_without_a_measure_says_so_instead_of_a_number(chain):
    p = _one(GoalFactory(chain=chain, indicator="营商环境满意度", unit="分", target_value=90))
    assert p.actual is None and p.status == "unknown"
    assert p.note == "暂无对应的统计口径"


def test_a_future_year_has_no_actual_yet(chain):
    p = _one(GoalFactory(chain=chain, indicator="规上工业总产值", year=2027, target_value=10))
    assert p.actual is None and p.status == "future"


def test_the_chain_page_and_the_cockpit_show_actual_rate_and_colour(chain):
    year = datetime.date.today().year
    goal = GoalFactory(
        chain=chain, indicator="链上企业数", unit="家", year=year, target_value=Decimal(2)
    )
    client = Client()
    client.force_login(make_user(Role.CHAIN_OFFICE))
    for url in (
        reverse("chains:detail", args=["PWR"]),
        reverse("chains:organisation", args=["PWR"]),
        reverse("web:chain_cockpit", args=["PWR"]),
    ):
        html = client.get(url).content.decode()
        row = html.split(f'data-goal="{goal.pk}"')[1].split("</tr>")[0]
        assert (
            ">2<" in row and '<span class="badge ok" data-testid="goal-rate">100.0%</span>' in row
        ), url
    cockpit = client.get(reverse("web:cockpit")).content.decode()
    goals = cockpit.split('data-testid="cockpit-goals"')[1].split("</section>")[0]
    assert "链上企业数 2 / 2家" in goals and '<span class="badge ok">100.0%</span>' in goals
