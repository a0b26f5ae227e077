"""Every edit carries the version it read: a save based on an older version is refused with
"该记录已被他人修改，请刷新后重试" and names what the other person changed."""

from __future__ import annotations

from chainchief.accounts.models import ChangeLog
from chainchief.projects import services
from chainchief.projects.models import Project, Stage
from tests.projects.conftest import login


def _form(project: Project, **changes) -> dict:
    data = {"name": project.name, "kind": project.kind, "chain": project.chain_id,
            "version": project.version}  # fmt: skip
    data.update(changes)
    return data


def test_a_stale_form_save_is_refused_and_shows_what_changed(client, chief, office, project):
    login(client, chief)
    read = _form(project, note="我的备注")
    services.update_project(
        project=Project.objects.get(pk=project.pk), by=office, version=1, note="他人的备注"
    )
    response = client.post(f"/projects/{project.pk}/edit/", read)
    page = response.content.decode()
    assert response.status_code == 200
    assert "该记录已被他人修改，请刷新后重试" in page
    assert "备注：空 → 他人的备注（office）" in page
    assert Project.objects.get(pk=project.pk).note == "他人的备注"


def test_a_current_form_save_bumps_the_version(client, chief, project):
    login(client, chief)
    client.post(f"/projects/{project.pk}/edit/", _form(project, note="新备注"))
    stored = Project.objects.get(pk=project.pk)
    assert (stored.note, stored.version) == ("新备注", 2)


def test_saving_the_edit_form_unchanged_logs_nothing(client, chief, project):
    login(client, chief)
    page = client.get(f"/projects/{project.pk}/edit/").content.decode()
    assert 'name="version" value="1"' in page
    before = ChangeLog.objects.count()
    client.post(f"/projects/{project.pk}/edit/", _form(project))
    assert ChangeLog.objects.count() == before
    assert Project.objects.get(pk=project.pk).version == 1


def test_the_api_update_answers_409_when_stale(client, chief, office, project):
    login(client, chief)
    url = f"/api/projects/{project.pk}"
    ok = client.patch(url, {"version": 1, "note": "甲"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["version"] == 2
    stale = client.patch(url, {"version": 1, "note": "乙"}, content_type="application/json")
    assert stale.status_code == 409
    assert "该记录已被他人修改，请刷新后重试" in stale.json()["detail"]
    assert Project.objects.get(pk=project.pk).note == "甲"


def test_a_stale_stage_move_answers_409_on_the_page_and_the_api(client, chief, office, project):
    login(client, chief)
    services.move_stage(project=project, to_stage=Stage.NEGOTIATING, by=office)
    page = client.post(
        f"/projects/{project.pk}/move/",
        {"to_stage": "negotiating", "moved_on": "2025-01-01", "version": 1},
    )
    assert page.status_code == 409
    assert "已被他人修改" in page.content.decode()
    api = client.post(
        f"/api/projects/{project.pk}/move",
        {"stage": "negotiating", "version": 1},
        content_type="application/json",
    )
    assert api.status_code == 409
    assert Project.objects.get(pk=project.pk).version == 2
