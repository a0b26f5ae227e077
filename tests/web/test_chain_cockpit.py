"""A chain chief's cockpit is a real page for one chain: goals, indicator trend, projects by
stage and warnings."""

from __future__ import annotations

import datetime
import json

import pytest
from django.test import Client
from django.urls import reverse

from chainchief.accounts.models import Role
from chainchief.projects.models import Project
from tests.factories import (
    ChainFactory,
    EnterpriseFactory,
    GoalFactory,
    IndicatorFactory,
    assign,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain():
    chain = ChainFactory(code="PWR", name="输变电装备产业链")
    e = EnterpriseFactory(name="甲公司")
    e.chains.add(chain)
    for month in (1, 2, 3):
        IndicatorFactory(enterprise=e, month=datetime.date(2026, month, 1), output_value=10000)
    GoalFactory(chain=chain, indicator="链上企业数", unit="家", year=datetime.date.today().year)
    Project.objects.create(name="变压器扩产项目", chain=chain, stage="signed")
    Project.objects.create(
        name="停滞项目",
        chain=chain,
        stage="negotiating",
        last_progress_on=datetime.date.today() - datetime.timedelta(days=400),
    )
    return chain


def _login(role: str, chain=None) -> Client:
    user = make_user(role)
    if chain is not None:
        assign(user, chain, "chief")
    client = Client()
    client.force_login(user)
    return client


def test_a_chief_of_one_chain_gets_its_cockpit_on_the_home_page(chain):
    response = _login(Role.CHAIN_CHIEF, chain).get(reverse("web:cockpit"))
    html = response.content.decode()
    assert response.context["chain"] == chain
    assert "输变电装备产业链 · 链长驾驶舱" in html
    for part in (
        'data-testid="goal-progress"',
        'data-testid="chain-trend-chart"',
        'data-testid="chain-stage-chart"',
        'data-testid="chain-cockpit-warnings"',
    ):
        assert part in html


def test_the_trend_holds_the_chains_monthly_output_in_yi(chain):
    response = _login(Role.CHAIN_OFFICE).get(reverse("web:chain_cockpit", args=["PWR"]))
    option = response.context["trend_option"]
    assert option["xAxis"]["data"][-1] == "2026-03"
    assert option["series"][0]["data"][-3:] == [1.0, 1.0, 1.0]


def test_projects_are_counted_by_stage_and_warnings_listed(chain):
    response = _login(Role.CHAIN_OFFICE).get(reverse("web:chain_cockpit", args=["PWR"]))
    stages = json.loads(json.dumps(response.context["stage_option"]))
    labels = stages["xAxis"]["data"]
    counts = dict(zip(labels, stages["series"][0]["data"], strict=True))
    assert counts["签约"] == 1 and counts["洽谈"] == 1 and counts["投产"] == 0
    assert [p.name for p in response.context["warned"]] == ["停滞项目"]
    assert "停滞项目" in response.content.decode()


def test_a_chief_of_two_chains_keeps_the_city_style_cockpit(chain):
    client = _login(Role.CHAIN_CHIEF, chain)
    user = client.get(reverse("web:cockpit")).wsgi_request.user
    assign(user, ChainFactory(code="BIO"), "chief")
    response = client.get(reverse("web:cockpit"))
    assert "链长驾驶舱" not in response.content.decode()
    assert 'data-testid="cockpit-goals"' in response.content.decode()


def test_another_chains_cockpit_is_404(chain):
    client = _login(Role.CHAIN_CHIEF, ChainFactory(code="BIO"))
    assert client.get(reverse("web:chain_cockpit", args=["PWR"])).status_code == 404
    assert client.get(reverse("web:chain_cockpit", args=["BIO"])).status_code == 200
