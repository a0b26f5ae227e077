"""The meeting pack job also writes a PDF (laid out offline with matplotlib and Noto CJK): a
cover page with the ranking, then a page per chain; it downloads from the report list."""

from __future__ import annotations

import re

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from chainchief.reports import jobs, pdf, services
from chainchief.reports.models import Kind
from tests.factories import PASSWORD

pytestmark = pytest.mark.skipif(not pdf.pdf_available(), reason="Noto CJK fonts not installed")


def _pages(data: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", data))


def test_the_meeting_pack_job_writes_a_pdf_with_a_page_per_chain(city, computed_run):
    report = services.request_report(kind=Kind.MEETING, run=computed_run, by=city.office)
    jobs.start_report_job(report=report, user=city.office)
    report.refresh_from_db()
    assert report.pdf.endswith(".pdf")
    data = default_storage.open(report.pdf, "rb").read()
    assert data.startswith(b"%PDF-")
    assert _pages(data) == 1 + len(city.chains)
    # The document title (UTF-16 in the PDF's info dictionary) names the system.
    assert "链长制考核点评会材料".encode("utf-16-be") in data


def test_the_office_downloads_the_pdf_from_the_report_list(client, city, computed_run):
    report = services.request_report(kind=Kind.MEETING, run=computed_run, by=city.office)
    jobs.start_report_job(report=report, user=city.office)
    client.login(username=city.office.username, password=PASSWORD)
    listing = client.get(reverse("reports:list")).content.decode()
    assert f'data-testid="pdf-{report.pk}"' in listing
    response = client.get(reverse("reports:download", args=[report.pk, "pdf"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
