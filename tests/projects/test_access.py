"""Every role, in and out of scope, on pages, exports and the API alike."""

from __future__ import annotations

import io

import openpyxl
import pytest

from chainchief.accounts.models import Role
from chainchief.projects.models import Project, Stage
from tests.factories import assign, make_user
from tests.projects.conftest import login

# role → (sees the project, may edit it)
CASES = {
    "office": (True, True),
    "general_chief": (True, False),
    "auditor": (True, False),
    "chief_in": (True, True),
    "chief_out": (False, False),
    "deputy_in": (True, True),
    "deputy_out": (False, False),
    "handler_responsible": (True, False),
    "handler_other": (False, False),
    "enterprise_contact": (False, False),
}


@pytest.fixture
def users(chain, other_chain, department):
    from tests.factories import DepartmentFactory

    chief_in = make_user(Role.CHAIN_CHIEF)
    assign(chief_in, chain, "chief")
    chief_out = make_user(Role.CHAIN_CHIEF)
    assign(chief_out, other_chain, "chief")
    deputy_in = make_user(Role.DEPUTY_DIRECTOR)
    assign(deputy_in, chain, "deputy_director")
    deputy_out = make_user(Role.DEPUTY_DIRECTOR)
    assign(deputy_out, other_chain, "deputy_director")
    return {
        "office": make_user(Role.CHAIN_OFFICE),
        "general_chief": make_user(Role.GENERAL_CHIEF),
        "auditor": make_user(Role.AUDITOR),
        "chief_in": chief_in,
        "chief_out": chief_out,
        "deputy_in": deputy_in,
        "deputy_out": deputy_out,
        "handler_responsible": make_user(Role.DEPARTMENT_HANDLER, department=department),
        "handler_other": make_user(
            Role.DEPARTMENT_HANDLER, department=DepartmentFactory(name="市财政局")
        ),
        "enterprise_contact": make_user(Role.ENTERPRISE_CONTACT),
    }


@pytest.fixture
def scoped_project(make_project, department):
    return make_project("范围测试项目", department=department, kind="major", stage=Stage.STARTED)


@pytest.mark.parametrize("who", CASES)
def test_pages_follow_scope(client, users, scoped_project, who):
    sees, edits = CASES[who]
    login(client, users[who])
    pk = scoped_project.pk
    assert client.get(f"/projects/{pk}/").status_code == (200 if sees else 404)
    assert client.get(f"/projects/{pk}/edit/").status_code == (
        200 if edits else 403 if sees else 404
    )
    listed = "范围测试项目" in client.get("/projects/").content.decode()
    assert listed == sees
    board = "范围测试项目" in client.get("/projects/board/").content.decode()
    assert board == sees


@pytest.mark.parametrize("who", CASES)
def test_moves_follow_scope(client, users, scoped_project, who):
    sees, edits = CASES[who]
    login(client, users[who])
    response = client.post(
        f"/projects/{scoped_project.pk}/move/",
        {
            "to_stage": "in_production",
            "moved_on": "2025-01-01",
            "version": 1,
            "invested_to_date": "800",
        },  # fmt: skip
    )
    assert response.status_code == (302 if edits else 403 if sees else 404)
    expected = Stage.IN_PRODUCTION if edits else Stage.STARTED
    assert Project.objects.get(pk=scoped_project.pk).stage == expected


def _xlsx_text(response) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    return " ".join(str(c.value) for row in wb.active.iter_rows() for c in row if c.value)


@pytest.mark.parametrize("who", CASES)
def test_exports_follow_scope(client, users, scoped_project, who):
    sees, _ = CASES[who]
    login(client, users[who])
    assert ("范围测试项目" in _xlsx_text(client.get("/projects/export.xlsx"))) == sees
    assert ("范围测试项目" in _xlsx_text(client.get("/projects/lists/major.xlsx"))) == sees


@pytest.mark.parametrize("who", CASES)
def test_the_api_follows_scope(client, users, scoped_project, who):
    sees, edits = CASES[who]
    login(client, users[who])
    pk = scoped_project.pk
    assert client.get(f"/api/projects/{pk}").status_code == (200 if sees else 404)
    names = [p["name"] for p in client.get("/api/projects/").json()["items"]]
    assert ("范围测试项目" in names) == sees
    response = client.post(
        f"/api/projects/{pk}/move",
        {"stage": "in_production", "invested_to_date": "800"},
        content_type="application/json",
    )
    assert response.status_code == (200 if edits else 403 if sees else 404)


def test_anonymous_users_are_sent_to_log_in(client, scoped_project):
    assert client.get(f"/projects/{scoped_project.pk}/").status_code == 302
    assert client.get("/api/projects/").status_code == 401


def test_the_department_sees_its_own_warnings_only(client, users, make_project, department):
    import datetime

    old = datetime.date.today() - datetime.timedelta(days=365)
    mine = make_project("本部门停滞项目", department=department)
    theirs = make_project("他部门停滞项目")
    Project.objects.filter(pk__in=[mine.pk, theirs.pk]).update(last_progress_on=old)
    login(client, users["handler_responsible"])
    page = client.get("/projects/warnings/").content.decode()
    assert "本部门停滞项目" in page and "他部门停滞项目" not in page
    login(client, users["office"])
    page = client.get("/projects/warnings/").content.decode()
    assert "本部门停滞项目" in page and "他部门停滞项目" in page
