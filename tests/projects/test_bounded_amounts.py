"""A value that cannot be shown cannot be saved: amounts in 万元 and areas are finite and
bounded in the service, so the form, the API, the milestone form and the import agree."""

from __future__ import annotations

from decimal import Decimal

import pytest

from chainchief.projects import services
from chainchief.projects.models import Milestone, Project
from tests.projects.conftest import login


def test_the_api_refuses_an_absurd_amount_and_the_pages_keep_working(client, chief, chain):
    login(client, chief)
    response = client.post(
        "/api/projects/",
        {
            "name": "天文数字项目",
            "chain": chain.code,
            "planned_investment": "99999999999999999999亿元",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "计划总投资应在 0 到 1000000000 万元 之间" in response.json()["detail"]
    assert not Project.objects.exists()
    for path in ("/projects/", "/projects/board/", "/projects/export.xlsx", "/api/projects/"):
        assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("planned_investment", "1e400", "计划总投资“1e400”无法识别"),
        ("planned_investment", Decimal("Infinity"), "计划总投资必须是有限的数字"),
        ("expected_output", "-5", "预计年产值不能为负数"),
        ("land_mu", Decimal("2000000"), "用地应在 0 到 1000000 亩 之间"),
        ("land_mu", "NaN", "用地必须是有限的数字"),
    ],
)
def test_the_service_refuses_values_out_of_bounds(chain, office, field, value, message):
    with pytest.raises(services.ProjectError, match=message):
        services.create_project(by=office, name="越界", chain=chain, **{field: value})
    assert not Project.objects.exists()


def test_the_milestone_form_refuses_an_absurd_amount(client, handler, department, make_project):
    project = make_project(department=department)
    login(client, handler)
    response = client.post(
        f"/projects/{project.pk}/milestones/",
        {
            "name": "竣工",
            "planned_on": "2026-01-01",
            "planned_investment": "99999999999999999999亿元",
        },
        follow=True,
    )
    assert "计划累计投资应在 0 到 1000000000 万元 之间" in response.content.decode()
    assert not Milestone.objects.exists()


def test_money_in_yi_is_stored_in_wan(chain, office):
    project = services.create_project(
        by=office, name="亿元项目", chain=chain, planned_investment="1.2亿元"
    )
    assert Project.objects.get(pk=project.pk).planned_investment == Decimal("12000.00")
