from __future__ import annotations

from decimal import Decimal

from django.template import Context, Template
from django.test import RequestFactory

from chainchief.projects import services
from chainchief.projects.models import Project, Stage
from tests.projects.conftest import login


def test_the_create_form_saves_money_in_yi(client, chief, chain, segment):
    login(client, chief)
    assert client.get("/projects/new/").status_code == 200
    response = client.post("/projects/new/", {
        "name": "表单新建项目", "kind": "attraction", "chain": chain.pk, "segment": segment.pk,
        "planned_investment": "3.5亿元", "land_mu": "60",
    })  # fmt: skip
    p = Project.objects.get()
    assert response["Location"] == f"/projects/{p.pk}/"
    assert p.planned_investment == Decimal("35000") and p.created_by == chief


def test_the_form_explains_errors_in_chinese(client, chief, chain, other_chain):
    login(client, chief)
    page = client.post("/projects/new/", {
        "name": "", "kind": "attraction", "chain": chain.pk, "planned_investment": "很多",
        "planned_start_on": "2026-05-01", "planned_end_on": "2026-01-01",
    }).content.decode()  # fmt: skip
    assert "这个字段是必填项" in page
    assert "计划总投资“很多”无法识别" in page
    assert "计划竣工日期不能早于计划开工日期" in page
    assert not Project.objects.exists()


def test_the_edit_form_does_not_touch_the_stage(client, chief, project):
    login(client, chief)
    services.move_stage(
        project=Project.objects.get(pk=project.pk), to_stage=Stage.NEGOTIATING, by=chief
    )
    client.post(f"/projects/{project.pk}/edit/", {
        "name": "改名后的项目", "kind": "attraction", "chain": project.chain_id,
    })  # fmt: skip
    stored = Project.objects.get(pk=project.pk)
    assert stored.name == "改名后的项目" and stored.stage == Stage.NEGOTIATING


def test_the_detail_page_moves_and_reports_conflicts(client, chief, project):
    login(client, chief)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert 'data-testid="move-form"' in page
    client.post(
        f"/projects/{project.pk}/move/",
        {"to_stage": "negotiating", "moved_on": "2025-01-01", "version": 1},
    )
    response = client.post(
        f"/projects/{project.pk}/move/", {"to_stage": "dropped", "moved_on": "2025-01-01", "version": 1,
                                          "reason": "放弃"}, follow=True,
    )  # fmt: skip
    assert "已被他人修改（当前阶段：洽谈）" in response.content.decode()
    assert Project.objects.get(pk=project.pk).stage == Stage.NEGOTIATING


def test_the_funnel_page_shows_counts(client, office, make_project):
    make_project("甲", stage=Stage.SIGNED)
    login(client, office)
    page = client.get("/projects/funnel/?chain=PWR").content.decode()
    assert 'data-testid="funnel-count-signed">1<' in page
    assert '"type": "funnel"' in page
    assert client.get("/projects/funnel/?chain=NOPE").status_code == 404


def test_milestones_can_be_added_and_completed(client, chief, project):
    login(client, chief)
    client.post(
        f"/projects/{project.pk}/milestones/", {"name": "完成签约", "planned_on": "2025-01-01"}
    )
    m = project.milestones.get()
    client.post(f"/projects/{project.pk}/milestones/{m.pk}/done/", {"actual_on": "2025-01-05"})
    m.refresh_from_db()
    assert str(m.actual_on) == "2025-01-05"


def _render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_the_chain_panel_and_cockpit_panel_render(office, chain, make_project):
    make_project("面板项目", stage=Stage.SIGNED)
    html = _render('{% include "projects/_chain_panel.html" %}', chain=chain)
    assert 'data-testid="chain-project-signed">1<' in html
    request = RequestFactory().get("/")
    request.user = office
    html = _render('{% include "projects/_cockpit_panel.html" %}', request=request)
    assert 'data-chain="PWR"' in html and 'data-testid="cockpit-signed">1<' in html
