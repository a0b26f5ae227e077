from __future__ import annotations

from chainchief.projects.models import Project, Stage
from tests.projects.conftest import login


def test_it_lists_with_filters_and_pages(client, office, make_project):
    for i in range(5):
        make_project(f"接口项目{i}", stage=Stage.SIGNED if i < 2 else Stage.LEAD)
    login(client, office)
    data = client.get("/api/projects/?stage=signed&page_size=1&page=2").json()
    assert data["count"] == 2 and data["page"] == 2 and len(data["items"]) == 1
    assert data["items"][0]["stage_label"] == "签约"


def test_it_creates_a_project_with_money_in_yi(client, chief, chain, segment):
    login(client, chief)
    response = client.post(
        "/api/projects/",
        {"name": "接口新建", "chain": "PWR", "segment_id": segment.pk, "planned_investment": "2亿元",
         "target_reasons": ["补链"]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.content
    p = Project.objects.get()
    assert str(p.planned_investment) == "20000.00" and p.created_by == chief


def test_create_errors_are_400_in_chinese(client, office, chain):
    login(client, office)
    response = client.post("/api/projects/", {"name": "x", "chain": "PWR", "planned_investment": "很多"},
                           content_type="application/json")  # fmt: skip
    assert response.status_code == 400 and "无法识别" in response.json()["detail"]


def test_moves_answer_400_for_illegal_and_409_for_conflict(client, office, project):
    login(client, office)
    url = f"/api/projects/{project.pk}/move"
    bad = client.post(url, {"stage": "signed"}, content_type="application/json")
    assert bad.status_code == 400 and "只能逐级推进" in bad.json()["detail"]
    ok = client.post(url, {"stage": "negotiating", "version": 1}, content_type="application/json")
    assert (
        ok.status_code == 200 and ok.json()["stage"] == "negotiating" and ok.json()["version"] == 2
    )
    stale = client.post(url, {"stage": "signed", "version": 1}, content_type="application/json")
    assert stale.status_code == 409 and "已被他人修改" in stale.json()["detail"]
    assert Project.objects.get(pk=project.pk).stage == Stage.NEGOTIATING


def test_detail_has_moves_and_reasons(client, office, project):
    login(client, office)
    client.post(
        f"/api/projects/{project.pk}/move",
        {"stage": "negotiating"},
        content_type="application/json",
    )
    data = client.get(f"/api/projects/{project.pk}").json()
    assert data["moves"][0]["to"] == "negotiating" and data["target_reasons"] == []
