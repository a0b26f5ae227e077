from __future__ import annotations

from chainchief.chains.models import ChainOrgMember, OrgRole
from chainchief.projects import services
from chainchief.projects.models import Kind, Project, Stage
from tests.factories import DepartmentFactory, assign
from tests.projects.conftest import login


def test_a_target_becomes_a_lead_with_its_reasons(chain, segment, office):
    dept = DepartmentFactory(name="市工信局")
    ChainOrgMember.objects.create(
        chain=chain, role=OrgRole.objects.get(code="lead_department"), department=dept
    )
    project = services.create_lead_from_target(
        chain=chain, segment=segment, investor_name="中国西电", investor_company_code="601179",
        source_region="陕西", reasons=["主营 变压器 占收入 38%", "可补中游·变压器 缺链"], by=office,
    )  # fmt: skip
    assert project.stage == Stage.LEAD and project.kind == Kind.ATTRACTION
    assert project.name == "中国西电·变压器招商项目"
    assert project.target_reasons == ["主营 变压器 占收入 38%", "可补中游·变压器 缺链"]
    assert project.department == dept and project.created_by == office


def test_a_second_click_opens_the_same_lead(chain, segment, office):
    kwargs = dict(chain=chain, segment=segment, investor_name="中国西电", investor_company_code="601179",
                  source_region="陕西", reasons=[], by=office)  # fmt: skip
    first = services.create_lead_from_target(**kwargs)
    assert services.create_lead_from_target(**kwargs) == first
    assert Project.objects.count() == 1


def test_the_target_list_posts_to_create_the_lead(client, chain, segment, chief):
    login(client, chief)
    response = client.post(
        "/projects/from-target/",
        {"chain": chain.code, "segment": segment.pk, "company": "600089", "name": "特变电工",
         "region": "新疆", "reasons": ["主营 变压器", "本地链主的上游材料"]},
    )  # fmt: skip
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    assert project.investor_company_code == "600089" and project.segment == segment
    assert len(project.target_reasons) == 2


def test_a_chain_outside_scope_cannot_receive_leads(client, other_chain, chief):
    login(client, chief)
    response = client.post("/projects/from-target/", {"chain": other_chain.code, "name": "某公司"})
    assert response.status_code == 404
    assert not Project.objects.exists()


def test_a_deputy_director_may_create_leads(client, chain):
    from chainchief.accounts.models import Role
    from tests.factories import make_user

    deputy = make_user(Role.DEPUTY_DIRECTOR, "deputy")
    assign(deputy, chain, "deputy_director")
    login(client, deputy)
    client.post("/projects/from-target/", {"chain": chain.code, "name": "某公司", "company": "1"})
    assert Project.objects.get().created_by == deputy
