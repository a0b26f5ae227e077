import datetime

import pytest
from django.urls import reverse

from chainchief.audit.models import EarlyWarning, FindingCategory
from chainchief.audit.warnings import run_rules
from chainchief.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def warning(chain, unit):
    Project.objects.create(chain=chain, name="先开工项目", stage="started", department=unit,
                           started_on=datetime.date(2026, 3, 1))  # fmt: skip
    run_rules()
    return EarlyWarning.objects.get(subject="先开工项目")


def test_the_list_shows_the_evidence_rows(client, auditor, warning):
    client.force_login(auditor)
    body = client.get(reverse("audit:warnings")).content.decode()
    assert "先开工项目" in body and "开工前未签约" in body


def test_the_auditor_converts_a_warning_into_a_finding(client, auditor, warning, audit):
    client.force_login(auditor)
    category = FindingCategory.objects.get(focus_area="investment", name="未批先建")
    response = client.post(reverse("audit:warning_convert", args=[warning.pk]),
                           {"audit": audit.pk, "category": category.pk})  # fmt: skip
    warning.refresh_from_db()
    assert warning.status == "converted"
    assert response["Location"] == reverse("audit:finding", args=[warning.finding_id])
    assert warning.finding.unit == warning.unit


def test_a_committee_member_cannot_dismiss(client, committee_member, warning):
    client.force_login(committee_member)
    response = client.post(reverse("audit:warning_dismiss", args=[warning.pk]), {"reason": "x"})
    assert response.status_code == 403
    warning.refresh_from_db()
    assert warning.status == "open"
