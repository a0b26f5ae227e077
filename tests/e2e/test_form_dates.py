"""Date fields in a real browser: the enterprise's 成立日期 and a project's 计划工期 show in
the date inputs (ISO, not the zh-Hans 2000/06/28 Chromium drops) and survive an unchanged
save, at desktop width and at 390 px."""

from __future__ import annotations

import datetime

import pytest

from chainchief.accounts.models import ChangeLog, Role
from chainchief.enterprises.models import Enterprise
from chainchief.projects import services
from chainchief.projects.models import Project
from tests.e2e.conftest import login, screenshot, url
from tests.factories import PASSWORD, ChainFactory, EnterpriseFactory, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

FOUNDED = datetime.date(2000, 6, 28)


@pytest.fixture
def city():
    office = make_user(Role.CHAIN_OFFICE, "dates_office")
    chain = ChainFactory(code="PWR", name="输变电装备产业链")
    enterprise = EnterpriseFactory(name="衡阳变压器有限公司", established_on=FOUNDED)
    enterprise.chains.add(chain)
    project = services.create_project(
        by=office, name="智能变压器项目", chain=chain, planned_start_on=FOUNDED,
        planned_end_on=datetime.date(2001, 1, 31), planned_investment="1.2亿元",
    )  # fmt: skip
    return office, enterprise, project


@pytest.mark.parametrize("width", [1400, 390])
def test_dates_show_and_survive_an_unchanged_save(page, live_server, city, width):
    office, enterprise, project = city
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, office.username, PASSWORD)
    before = ChangeLog.objects.count()

    page.goto(url(live_server, f"/enterprises/{enterprise.pk}/edit/"))
    assert page.input_value('input[name="established_on"]') == "2000-06-28"
    with page.expect_navigation():
        page.click('form:has(input[name="established_on"]) button[type="submit"]')
    assert Enterprise.objects.get(pk=enterprise.pk).established_on == FOUNDED

    page.goto(url(live_server, f"/projects/{project.pk}/edit/"))
    assert page.input_value('input[name="planned_start_on"]') == "2000-06-28"
    assert page.input_value('input[name="planned_end_on"]') == "2001-01-31"
    screenshot(page, f"form-dates-{width}")
    with page.expect_navigation():
        page.click('[data-testid="project-save"]')
    stored = Project.objects.get(pk=project.pk)
    assert (stored.planned_start_on, stored.planned_end_on) == (
        FOUNDED,
        datetime.date(2001, 1, 31),
    )
    assert stored.planned_investment == 12000
    assert ChangeLog.objects.count() == before
