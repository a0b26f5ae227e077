"""Every role, in and out of scope, on every chain and enterprise page: the page, 403 (may
see but not change) or 404 (outside the user's scope; never reveals the object exists).

The city (tests.factories.make_scoped_city): chain OWN, where the chief, the deputy director
and the handler's department hold roles and the enterprise contact's company sits; chain
OTHER, nobody's but the city-wide roles'.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from chainchief.accounts import scoping
from chainchief.accounts.models import Role
from tests.factories import ALL_ROLES, GoalFactory, SegmentFactory, make_scoped_city

pytestmark = pytest.mark.django_db

R = Role
SEES_ALL = {R.GENERAL_CHIEF, R.CHAIN_OFFICE, R.AUDITOR}
SEES_OWN = SEES_ALL | {R.CHAIN_CHIEF, R.DEPUTY_DIRECTOR, R.DEPARTMENT_HANDLER}
EDITS_OWN = {R.CHAIN_OFFICE, R.CHAIN_CHIEF, R.DEPUTY_DIRECTOR}
EDITS_ALL = {R.CHAIN_OFFICE}


def _expected_read(role: str, which: str) -> int:
    allowed = SEES_OWN if which == "own" else SEES_ALL
    return 200 if role in allowed else 404


def _expected_write(role: str, which: str) -> int:
    """200 when the user edits it, 403 when they may only look, 404 when they can't see it."""
    if role in (EDITS_OWN if which == "own" else EDITS_ALL):
        return 200
    return 403 if _expected_read(role, which) == 200 else 404


@pytest.fixture
def city():
    return make_scoped_city()


def _chain(city, which: str):
    return city.own if which == "own" else city.other


def _enterprise(city, which: str):
    return city.own_enterprise if which == "own" else city.other_enterprise


# --- the scoping functions themselves (no HTTP) ---------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_visible_chains_follow_the_role(city, role):
    codes = set(scoping.visible_chains(city.users[role]).values_list("code", flat=True))
    expected = {
        c for c, which in (("OWN", "own"), ("OTHER", "other")) if _expected_read(role, which) == 200
    }
    if role == R.ENTERPRISE_CONTACT:
        expected = set()
    assert codes == expected


@pytest.mark.parametrize("role", ALL_ROLES)
def test_editable_chains_follow_the_role(city, role):
    codes = set(scoping.editable_chains(city.users[role]).values_list("code", flat=True))
    expected = {
        c
        for c, which in (("OWN", "own"), ("OTHER", "other"))
        if _expected_write(role, which) == 200
    }
    assert codes == expected


@pytest.mark.parametrize("role", ALL_ROLES)
def test_visible_enterprises_follow_the_role(city, role):
    names = set(scoping.visible_enterprises(city.users[role]).values_list("name", flat=True))
    expected = {city.own_enterprise.name} if role in SEES_OWN | {R.ENTERPRISE_CONTACT} else set()
    if role in SEES_ALL:
        expected.add(city.other_enterprise.name)
    assert names == expected


def test_a_liaison_official_sees_the_enterprise_they_look_after(city):
    handler = city.users[R.DEPARTMENT_HANDLER]
    city.other_enterprise.liaison_official = handler
    city.other_enterprise.save()
    assert city.other_enterprise in scoping.visible_enterprises(handler)


def test_an_inactive_user_sees_nothing(city):
    office = city.users[R.CHAIN_OFFICE]
    office.is_active = False
    assert not scoping.visible_chains(office).exists()
    assert not scoping.visible_enterprises(office).exists()


def test_an_enterprise_contact_without_an_enterprise_sees_none(city):
    contact = city.users[R.ENTERPRISE_CONTACT]
    contact.enterprise = None
    assert not scoping.visible_enterprises(contact).exists()


def test_a_working_group_member_gains_no_scope(city):
    from tests.factories import assign, make_user

    member = make_user(R.CHAIN_CHIEF)
    assign(member, city.own, "working_group")
    assert not scoping.visible_chains(member).exists()


# --- chain pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("role", ALL_ROLES)
def test_chain_page_access(client, city, role, which):
    client.force_login(city.users[role])
    response = client.get(reverse("chains:detail", args=[_chain(city, which).code]))
    assert response.status_code == _expected_read(role, which)
    if response.status_code == 200:
        assert response.context["chain"] == _chain(city, which)
        assert response.context["can_edit"] == (_expected_write(role, which) == 200)


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("role", ALL_ROLES)
def test_chain_yaml_download_access(client, city, role, which):
    client.force_login(city.users[role])
    chain = _chain(city, which)
    response = client.get(reverse("chains:yaml", args=[chain.code]))
    assert response.status_code == _expected_read(role, which)
    if response.status_code == 200:
        assert f"code: {chain.code}" in response.content.decode()
    else:
        assert chain.name not in response.content.decode()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_chain_list_shows_only_visible_chains(client, city, role):
    client.force_login(city.users[role])
    response = client.get(reverse("chains:list"))
    assert response.status_code == 200
    codes = {c.code for c in response.context["chains"]}
    expected = {
        c for c, w in (("OWN", "own"), ("OTHER", "other")) if _expected_read(role, w) == 200
    }
    if role == R.ENTERPRISE_CONTACT:
        expected = set()
    assert codes == expected


EDIT_PAGES = ["chains:edit", "chains:goal_add", "chains:member_add", "chains:segment_add"]


@pytest.mark.parametrize("page", EDIT_PAGES)
@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("role", ALL_ROLES)
def test_chain_edit_forms_access(client, city, role, which, page):
    client.force_login(city.users[role])
    response = client.get(reverse(page, args=[_chain(city, which).code]))
    assert response.status_code == _expected_write(role, which)


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("role", ALL_ROLES)
def test_posting_a_goal_changes_only_chains_the_user_edits(client, city, role, which):
    client.force_login(city.users[role])
    chain = _chain(city, which)
    response = client.post(
        reverse("chains:goal_add", args=[chain.code]),
        {"indicator": "产值", "unit": "亿元", "year": 2026, "target_value": "100"},
    )
    allowed = _expected_write(role, which) == 200
    assert response.status_code == (302 if allowed else _expected_write(role, which))
    assert chain.goals.filter(indicator="产值").exists() == allowed


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("role", ALL_ROLES)
def test_deleting_a_segment_needs_edit_rights(client, city, role, which):
    client.force_login(city.users[role])
    chain = _chain(city, which)
    segment = SegmentFactory(chain=chain, name="变压器")
    response = client.post(reverse("chains:segment_delete", args=[chain.code, segment.pk]))
    allowed = _expected_write(role, which) == 200
    assert response.status_code == (302 if allowed else _expected_write(role, which))
    assert chain.segments.filter(pk=segment.pk).exists() != allowed


def test_a_goal_of_another_chain_cannot_be_edited_through_the_own_chain(client, city):
    client.force_login(city.users[R.CHAIN_CHIEF])
    foreign = GoalFactory(chain=city.other, target_value="100")
    url = reverse("chains:goal_edit", args=["OWN", foreign.pk])
    response = client.post(
        url, {"indicator": foreign.indicator, "unit": "亿元", "year": 2026, "target_value": "999"}
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.target_value == 100


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_the_office_creates_and_uploads_chains(client, city, role):
    client.force_login(city.users[role])
    expected = 200 if role == R.CHAIN_OFFICE else 403
    assert client.get(reverse("chains:create")).status_code == expected


# --- enterprise pages -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_enterprise_list_shows_only_enterprises_of_visible_chains(client, city, role):
    client.force_login(city.users[role])
    response = client.get(reverse("enterprises:list"))
    if role == R.ENTERPRISE_CONTACT:
        assert response.status_code == 302
        assert response.url == reverse("enterprises:detail", args=[city.own_enterprise.pk])
        return
    names = {e.name for e in response.context["page"]}
    expected = {city.own_enterprise.name} if role in SEES_OWN else set()
    if role in SEES_ALL:
        expected.add(city.other_enterprise.name)
    assert names == expected


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("role", ALL_ROLES)
def test_enterprise_detail_access(client, city, role, which):
    client.force_login(city.users[role])
    enterprise = _enterprise(city, which)
    response = client.get(reverse("enterprises:detail", args=[enterprise.pk]))
    expected = _expected_read(role, which)
    if role == R.ENTERPRISE_CONTACT and which == "own":
        expected = 200
    assert response.status_code == expected
    if expected == 404:
        assert enterprise.name not in response.content.decode()


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("role", ALL_ROLES)
def test_enterprise_edit_access(client, city, role, which):
    client.force_login(city.users[role])
    response = client.get(reverse("enterprises:edit", args=[_enterprise(city, which).pk]))
    expected = _expected_write(role, which)
    if role == R.ENTERPRISE_CONTACT and which == "own":
        expected = 403  # sees the own enterprise, may not change it here
    assert response.status_code == expected


@pytest.mark.parametrize("which", ["own", "other"])
@pytest.mark.parametrize("role", ALL_ROLES)
def test_adding_a_contact_needs_edit_rights(client, city, role, which):
    client.force_login(city.users[role])
    enterprise = _enterprise(city, which)
    client.post(reverse("enterprises:child_add", args=[enterprise.pk, "contact"]), {"name": "李四"})
    allowed = _expected_write(role, which) == 200
    assert enterprise.contacts.filter(name="李四").exists() == allowed


@pytest.mark.parametrize("role", ALL_ROLES)
def test_creating_an_enterprise_needs_an_editable_chain(client, city, role):
    client.force_login(city.users[role])
    expected = 200 if role in EDITS_OWN else 403
    assert client.get(reverse("enterprises:create")).status_code == expected


@pytest.mark.parametrize("role", ALL_ROLES)
def test_parks_are_closed_to_enterprise_contacts(client, city, role):
    client.force_login(city.users[role])
    expected = 403 if role == R.ENTERPRISE_CONTACT else 200
    assert client.get(reverse("enterprises:parks")).status_code == expected


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_cockpit_follows_the_role(client, city, role):
    client.force_login(city.users[role])
    response = client.get(reverse("web:cockpit"))
    if role == R.ENTERPRISE_CONTACT:
        assert response.status_code == 302
        assert response.url == reverse("enterprises:detail", args=[city.own_enterprise.pk])
        return
    if "chain" in response.context:  # a chief of one chain lands on that chain's cockpit
        codes = {response.context["chain"].code}
    else:
        codes = {f.chain.code for f in response.context["figures"]}
    expected = {
        c for c, w in (("OWN", "own"), ("OTHER", "other")) if _expected_read(role, w) == 200
    }
    assert codes == expected
