"""Who sees audit data, for every role and endpoint: 404 outside scope, never the data."""

import pytest
from django.urls import reverse

from chainchief.accounts.models import Role
from chainchief.audit import services
from tests.factories import ChainFactory, assign, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(record, auditor, audit, unit, other_unit, chain, committee_member, handler):
    plan = services.create_plan(year=2026, by=auditor)
    finding = record()
    users = {
        "auditor": auditor,
        "committee": committee_member,
        "handler_own": handler,
        "handler_other": make_user(Role.DEPARTMENT_HANDLER, "h_other", department=other_unit),
        "office": make_user(Role.CHAIN_OFFICE, "office_t"),
        "chief_own": make_user(Role.CHAIN_CHIEF, "chief_own"),
        "chief_other": make_user(Role.CHAIN_CHIEF, "chief_other"),
        "general": make_user(Role.GENERAL_CHIEF, "general_t"),
        "contact": make_user(Role.ENTERPRISE_CONTACT, "contact_t"),
    }
    assign(users["chief_own"], chain)
    assign(users["chief_other"], ChainFactory(code="OT", name="其他链"))
    return {"finding": finding, "plan": plan, "audit": audit, "users": users}


def _get(client, user, url):
    client.force_login(user)
    return client.get(url).status_code


BUREAU_PAGES = ["audit:plans", "audit:audits", "audit:warnings"]


@pytest.mark.parametrize("who", ["auditor", "committee"])
def test_the_bureau_and_committee_read_every_page(client, world, who):
    user = world["users"][who]
    urls = [reverse(n) for n in BUREAU_PAGES] + [
        reverse("audit:home"), reverse("audit:plan", args=[2026]),
        reverse("audit:audit", args=[world["audit"].pk]),
        reverse("audit:finding", args=[world["finding"].pk]), reverse("audit:ledger"),
        reverse("audit:ledger_export"),
    ]  # fmt: skip
    assert {u: _get(client, user, u) for u in urls} == {u: 200 for u in urls}


@pytest.mark.parametrize(
    "who",
    ["handler_own", "handler_other", "office", "chief_own", "chief_other", "general", "contact"],
)
def test_everyone_else_gets_404_on_plans_audits_and_warnings(client, world, who):
    user = world["users"][who]
    urls = [reverse(n) for n in BUREAU_PAGES] + [
        reverse("audit:plan", args=[2026]), reverse("audit:audit", args=[world["audit"].pk]),
        reverse("audit:plan_export", args=[2026]),
    ]  # fmt: skip
    assert {u: _get(client, user, u) for u in urls} == {u: 404 for u in urls}


@pytest.mark.parametrize(
    ("who", "sees"),
    [
        ("handler_own", True), ("handler_other", False), ("office", False), ("chief_own", False),
        ("chief_other", False), ("general", False), ("contact", False),
    ],
)  # fmt: skip
def test_an_unshared_finding_is_seen_by_its_unit_only(client, world, who, sees):
    url = reverse("audit:finding", args=[world["finding"].pk])
    assert _get(client, world["users"][who], url) == (200 if sees else 404)


@pytest.mark.parametrize(
    ("who", "sees"),
    [("office", True), ("chief_own", True), ("chief_other", False), ("general", False),
     ("handler_other", False), ("contact", False)],
)  # fmt: skip
def test_a_shared_finding_reaches_the_chain_of_its_project(client, world, who, sees, auditor):
    services.share_finding(finding=world["finding"], shared=True, by=auditor)
    url = reverse("audit:finding", args=[world["finding"].pk])
    assert _get(client, world["users"][who], url) == (200 if sees else 404)


def test_the_ledger_lists_only_the_units_own_findings(client, world, record, other_unit):
    record(unit=other_unit, summary="交通局的问题", projects=[])
    client.force_login(world["users"]["handler_own"])
    body = client.get(reverse("audit:ledger")).content.decode()
    assert "项目未取得施工许可即开工" in body and "交通局的问题" not in body


def test_a_user_without_findings_gets_404_on_the_ledger_and_its_export(client, world):
    for name in ("audit:ledger", "audit:ledger_export", "audit:home"):
        assert _get(client, world["users"]["handler_other"], reverse(name)) == 404


def test_a_committee_member_cannot_write(client, world):
    client.force_login(world["users"]["committee"])
    response = client.post(reverse("audit:plan_create"), {"year": 2030})
    assert response.status_code == 403


def test_a_unit_handler_cannot_review_its_own_rectification(client, world):
    client.force_login(world["users"]["handler_own"])
    url = reverse("audit:rect_review", args=[world["finding"].pk])
    assert client.post(url, {"outcome": "done", "closing_record": "x"}).status_code == 403


def test_another_units_handler_gets_404_when_filing_a_plan(client, world):
    client.force_login(world["users"]["handler_other"])
    url = reverse("audit:rect_plan", args=[world["finding"].pk])
    assert client.post(url, {"kind": "immediate"}).status_code == 404


def test_the_menu_shows_audit_only_to_those_with_access(client, world):
    client.force_login(world["users"]["general"])
    assert "nav-audit" not in client.get(reverse("enterprises:list")).content.decode()
    client.force_login(world["users"]["handler_own"])
    assert "nav-audit" in client.get(reverse("enterprises:list")).content.decode()


def test_the_cockpit_panel_is_empty_for_those_outside(client, world):
    client.force_login(world["users"]["office"])
    assert client.get(reverse("audit:cockpit_panel")).content == b""
    client.force_login(world["users"]["committee"])
    assert "审计整改" in client.get(reverse("audit:cockpit_panel")).content.decode()


def test_a_ledger_cached_for_the_bureau_is_not_shown_to_a_unit(client, world, record, other_unit):
    record(unit=other_unit, summary="交通局的问题", projects=[])
    client.force_login(world["users"]["auditor"])
    assert "交通局的问题" in client.get(reverse("audit:ledger")).content.decode()
    client.force_login(world["users"]["handler_own"])
    assert "交通局的问题" not in client.get(reverse("audit:ledger")).content.decode()
