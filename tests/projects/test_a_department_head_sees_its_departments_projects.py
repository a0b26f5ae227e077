"""The 部门负责人 has its department's project scope, like the department's handlers: pages,
exports, the API and the command; another department's projects answer 404."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from django.core.management import call_command

from chainchief.accounts.models import Role
from chainchief.projects.models import ProgressEntry, Stage
from tests.factories import DepartmentFactory, make_user
from tests.projects.conftest import login


@pytest.fixture
def head(department):
    return make_user(Role.DEPARTMENT_HEAD, "head_t", department=department)


@pytest.fixture
def ours(make_project, department):
    return make_project("本部门负责项目", department=department, kind="major", stage=Stage.STARTED)


@pytest.fixture
def theirs(make_project):
    other = DepartmentFactory(name="市财政局")
    return make_project("他部门负责项目", department=other, kind="major", stage=Stage.STARTED)


def _xlsx_text(response) -> str:
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    return " ".join(str(c.value) for row in wb.active.iter_rows() for c in row if c.value)


def test_the_head_opens_its_departments_project_and_gets_404_for_another(
    client, head, ours, theirs
):
    login(client, head)
    assert client.get(f"/projects/{ours.pk}/").status_code == 200
    assert client.get(f"/projects/{theirs.pk}/").status_code == 404
    listed = client.get("/projects/").content.decode()
    assert "本部门负责项目" in listed and "他部门负责项目" not in listed


def test_the_head_cannot_edit_its_departments_project(client, head, ours):
    login(client, head)
    assert client.get(f"/projects/{ours.pk}/edit/").status_code == 403


def test_the_head_exports_only_its_departments_projects(client, head, ours, theirs):
    login(client, head)
    for url in ("/projects/export.xlsx", "/projects/lists/major.xlsx"):
        text = _xlsx_text(client.get(url))
        assert "本部门负责项目" in text and "他部门负责项目" not in text


def test_the_api_gives_the_head_its_departments_projects_only(client, head, ours, theirs):
    login(client, head)
    assert client.get(f"/api/projects/{ours.pk}").status_code == 200
    assert client.get(f"/api/projects/{theirs.pk}").status_code == 404
    names = [p["name"] for p in client.get("/api/projects/").json()["items"]]
    assert "本部门负责项目" in names and "他部门负责项目" not in names


def test_the_command_lists_the_heads_department_projects(head, ours, theirs, capsys):
    call_command("project", "list", "--user", head.username, "--json")
    names = [row["name"] for row in json.loads(capsys.readouterr().out)]
    assert names == ["本部门负责项目"]


def test_the_head_reports_progress_on_its_departments_project(client, head, ours, theirs):
    login(client, head)
    done = client.post(
        f"/projects/{ours.pk}/progress/", {"reported_on": "2025-01-02", "text": "走访"}
    )
    refused = client.post(
        f"/projects/{theirs.pk}/progress/", {"reported_on": "2025-01-02", "text": "走访"}
    )
    assert (done.status_code, refused.status_code) == (302, 404)
    assert list(ProgressEntry.objects.values_list("project__name", "by__username")) == [
        ("本部门负责项目", "head_t")
    ]


def test_the_head_sees_its_departments_warnings_only(client, head, ours, theirs):
    import datetime

    from chainchief.projects.models import Project

    old = datetime.date.today() - datetime.timedelta(days=365)
    Project.objects.filter(pk__in=[ours.pk, theirs.pk]).update(last_progress_on=old)
    login(client, head)
    page = client.get("/projects/warnings/").content.decode()
    assert "本部门负责项目" in page and "他部门负责项目" not in page
