"""The department dashboard (/cases/department/): a department's own people see its figures
and most urgent open cases; city-wide roles pick any department; other roles are refused."""

from __future__ import annotations

import datetime

import pytest

from chainchief.accounts.models import Role
from chainchief.casework.models import Case
from tests.factories import DepartmentFactory, make_user

URL = "/cases/department/"


@pytest.fixture
def head(lead_department):
    return make_user(Role.DEPARTMENT_HEAD, username="head", department=lead_department)


def test_the_head_sees_its_departments_open_and_overdue_cases(client, make_case, head):
    late = make_case("in_progress")
    make_case("closed")
    Case.objects.filter(pk=late.pk).update(card="red", due_on=datetime.date(2020, 1, 2))
    client.force_login(head)
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert head.department.name in body
    assert response.context["open_total"] == 1
    assert response.context["red_cards"] == 1
    assert response.context["overdue"] == 1
    assert [c.pk for c in response.context["urgent"]] == [late.pk]
    assert response.context["totals"]["received"] == 2


def test_the_head_cannot_look_at_another_department(client, make_case, head):
    other = DepartmentFactory(name="市商务局")
    client.force_login(head)
    response = client.get(URL, {"department": other.pk})
    assert response.context["department"] == head.department


def test_the_office_picks_a_department(client, make_case, office, lead_department):
    make_case("assigned")
    client.force_login(office)
    assert client.get(URL).context["department"] is None
    response = client.get(URL, {"department": lead_department.pk})
    assert response.context["department"] == lead_department
    assert response.context["open_total"] == 1


@pytest.mark.parametrize("role", [Role.CHAIN_CHIEF, Role.ENTERPRISE_CONTACT])
def test_other_roles_are_refused(client, city, role):
    client.force_login(city.users[role])
    assert client.get(URL).status_code == 403
