"""The workflow's pages answer, show the case, and act through the same service."""

from __future__ import annotations

from chainchief.casework.models import Case, Notification, State


def test_the_ledger_lists_and_searches_cases(client, make_case, office):
    case = make_case("assigned")
    client.force_login(office)
    page = client.get("/cases/", {"q": case.number}).content.decode()
    assert case.title in page and "已交办" in page
    assert "没有符合条件的事项" in client.get("/cases/", {"q": "不存在的"}).content.decode()


def test_the_ledger_exports_xlsx(client, make_case, office):
    import io

    from openpyxl import load_workbook

    case = make_case("closed")
    client.force_login(office)
    response = client.get("/cases/export/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(2, 1).value == "编号"
    assert sheet.cell(3, 1).value == case.number
    assert sheet.cell(3, 16).value == "已办结"


def test_the_contact_raises_a_problem_from_the_portal(client, contact, city):
    client.force_login(contact)
    response = client.post(
        "/cases/new/",
        {"category": "financing_cost", "title": "贷款利率高", "text": "希望对接低息贷款",
         "urgency": "normal"},
    )  # fmt: skip
    case = Case.objects.get()
    assert response.status_code == 302
    assert (case.enterprise, case.source, case.state) == (
        city.own_enterprise,
        "enterprise",
        "pending",
    )


def test_an_illegal_step_from_the_page_shows_the_reason(client, make_case, handler):
    case = make_case("assigned")
    client.force_login(handler)
    response = client.post(
        f"/cases/{case.pk}/act/",
        {"action": "answer", "version": case.version, "comment": "已办"},
        follow=True,
    )
    assert "事项处于“已交办”状态，不能答复" in response.content.decode()
    assert Case.objects.get(pk=case.pk).state == State.ASSIGNED


def test_the_handler_answers_from_the_page(client, make_case, handler):
    case = make_case("in_progress")
    client.force_login(handler)
    client.post(
        f"/cases/{case.pk}/act/",
        {"action": "answer", "version": case.version, "comment": "已推荐焊工"},
    )
    assert Case.objects.get(pk=case.pk).state == State.ANSWERED


def test_the_bell_counts_unread_and_the_inbox_marks_read(client, make_case, handler):
    case = make_case("assigned")
    client.force_login(handler)
    page = client.get("/cases/").content.decode()
    assert 'data-testid="bell-count">1<' in page
    note = Notification.objects.get(user=handler)
    assert client.get(f"/cases/inbox/{note.pk}/")["Location"] == f"/cases/{case.pk}/"
    assert 'data-testid="bell-count"' not in client.get("/cases/").content.decode()


def test_the_stats_page_shows_the_figures(client, make_case, office):
    make_case("closed")
    client.force_login(office)
    page = client.get("/cases/stats/").content.decode()
    assert 'data-testid="stat-closed">1<' in page


def test_office_pages_refuse_other_roles(client, contact, handler):
    for user in (contact, handler):
        client.force_login(user)
        assert client.get("/cases/calendar/").status_code == 403
        assert client.get("/cases/contacts/").status_code == 403


def test_every_page_of_the_workflow_renders_for_the_office(client, make_case, office, city):
    case = make_case("answered")
    client.force_login(office)
    for url in (
        f"/cases/{case.pk}/", "/cases/new/", "/cases/stats/", "/cases/inbox/",
        "/cases/calendar/", "/cases/visits/", "/cases/visits/new/", "/cases/contacts/",
        "/cases/liaison/", "/", f"/enterprises/{city.own_enterprise.pk}/",
        f"/chains/{city.own.code}/",
    ):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 200, url
    assert "问题交办" in client.get("/").content.decode()
    assert case.title in client.get(f"/enterprises/{city.own_enterprise.pk}/").content.decode()
