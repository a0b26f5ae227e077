"""The 报告 list: a request generates in the background and lands in the list; downloads follow
chain scoping; meeting packs only for the office and general chiefs."""

from __future__ import annotations

import io

from django.urls import reverse
from docx import Document

from chainchief.reports import jobs, services
from chainchief.reports.models import Kind, Report
from tests.factories import PASSWORD


def _login(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client


def test_a_chief_requests_their_chains_brief_and_downloads_it(client, city):
    c = _login(client, city.users["chief"])
    response = c.post(
        reverse("reports:request"), {"kind": "brief", "chain": "PWR", "period": "2026Q3"}
    )
    report = Report.objects.get()
    assert (
        response.status_code == 302
        and report.status == "done"
        and report.created_by == city.users["chief"]
    )
    listing = c.get(reverse("reports:list")).content.decode()
    assert "输变电装备专题汇报" in listing
    download = c.get(reverse("reports:download", args=[report.pk, "docx"]))
    doc = Document(io.BytesIO(b"".join(download.streaming_content)))
    assert doc.paragraphs[0].text == "输变电装备产业链专题汇报"


def test_a_chief_cannot_request_or_download_another_chains_report(client, city):
    other = services.request_report(
        kind=Kind.BRIEF, chain=city.chains["NEW"], period="2026Q3", by=city.office
    )
    jobs.start_report_job(report=other, user=city.office)
    c = _login(client, city.users["chief"])
    assert (
        c.post(
            reverse("reports:request"), {"kind": "brief", "chain": "NEW", "period": "2026Q3"}
        ).status_code
        == 404
    )
    assert c.get(reverse("reports:download", args=[other.pk, "docx"])).status_code == 404
    assert "新材料专题汇报" not in c.get(reverse("reports:list")).content.decode()


def test_meeting_packs_are_for_the_office_and_general_chiefs(client, city, computed_run):
    pack = services.request_report(kind=Kind.MEETING, run=computed_run, by=city.office)
    jobs.start_report_job(report=pack, user=city.office)
    assert (
        _login(client, city.users["chief"])
        .get(reverse("reports:download", args=[pack.pk, "xlsx"]))
        .status_code
        == 404
    )
    client.logout()
    response = _login(client, city.users["secretary"]).get(
        reverse("reports:download", args=[pack.pk, "xlsx"])
    )
    assert response.status_code == 200
