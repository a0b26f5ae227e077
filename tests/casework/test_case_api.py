"""The API: same scoping, same refusals, 409 on a stale version."""

from __future__ import annotations

from chainchief.casework.models import Case, State


def test_the_api_lists_only_the_users_cases(client, make_case, city, contact):
    mine = make_case("assigned")
    client.force_login(contact)
    body = client.get("/api/cases/").json()
    assert [c["number"] for c in body["items"]] == [mine.number]
    assert client.get("/api/cases/", {"state": "closed"}).json()["count"] == 0


def test_a_contact_creates_a_case_for_its_enterprise(client, contact, city):
    client.force_login(contact)
    response = client.post(
        "/api/cases/",
        {"title": "融资难", "text": "需要 500 万流动资金", "category": "financing_access"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert Case.objects.get().enterprise == city.own_enterprise


def test_a_bad_category_is_refused_with_the_reason(client, contact):
    client.force_login(contact)
    response = client.post(
        "/api/cases/",
        {"title": "t", "text": "x", "category": "nope"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "类别“nope”不存在" in response.json()["detail"]


def test_transition_and_rate_through_the_api(client, make_case, handler, contact):
    case = make_case("in_progress")
    client.force_login(handler)
    response = client.post(
        f"/api/cases/{case.pk}/transition",
        {"action": "answer", "version": case.version, "comment": "已办"},
        content_type="application/json",
    )
    assert response.json()["state"] == State.ANSWERED
    stale = client.post(
        f"/api/cases/{case.pk}/transition",
        {"action": "answer", "version": case.version, "comment": "已办"},
        content_type="application/json",
    )
    assert stale.status_code == 400 and "不能答复" in stale.json()["detail"]
    client.force_login(contact)
    rated = client.post(
        f"/api/cases/{case.pk}/rate",
        {"version": case.version + 1, "rating": "unsatisfied", "comment": "没解决"},
        content_type="application/json",
    )
    assert rated.json()["rating"] == "unsatisfied"


def test_a_stale_version_answers_409(client, make_case, handler):
    case = make_case("in_progress")
    client.force_login(handler)
    response = client.post(
        f"/api/cases/{case.pk}/transition",
        {"action": "answer", "version": case.version - 1, "comment": "已办"},
        content_type="application/json",
    )
    assert response.status_code == 409


def test_a_case_outside_scope_answers_404(client, make_case, city):
    from chainchief.accounts.models import Role
    from tests.factories import make_user

    case = make_case()
    stranger = make_user(Role.ENTERPRISE_CONTACT, username="x", enterprise=city.other_enterprise)
    client.force_login(stranger)
    assert client.get(f"/api/cases/{case.pk}").status_code == 404
