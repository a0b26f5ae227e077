import io

import pytest
from django.urls import reverse
from docx import Document

from chainchief.audit.report import build_annual_report

pytestmark = pytest.mark.django_db


def test_the_report_counts_findings_money_and_cadre_audits(record):
    record(amount=120)
    text = "\n".join(p.text for p in Document(io.BytesIO(build_annual_report(2026))).paragraphs)
    assert (
        "共发现问题 1 个，涉及金额 120 万元" in text
        or "共发现问题 1 个，涉及金额 120.00 万元" in text
    )
    assert "领导干部经济责任审计情况" in text


def test_the_report_job_links_a_download_only_the_bureau_can_open(client, record, auditor, handler,
                                                                   settings, tmp_path):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    record()
    client.force_login(auditor)
    job_url = client.post(reverse("audit:report", args=[2026]))["Location"]
    from chainchief.jobs.models import Job

    job = Job.objects.get(pk=int(job_url.rstrip("/").split("/")[-1]))
    assert job.status == "succeeded", job.error
    link = reverse("audit:report_download", args=[2026]) + f"?file={job.result['file']}"
    assert client.get(link).status_code == 200
    client.force_login(handler)
    assert client.get(link).status_code == 404
