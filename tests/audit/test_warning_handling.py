import datetime

import pytest

from chainchief.audit.models import EarlyWarning, Finding, FindingCategory
from chainchief.audit.services import AuditError
from chainchief.audit.warnings import convert_warning, dismiss_warning, run_rules
from chainchief.projects.models import Project

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 27)


@pytest.fixture
def warning(chain, unit):
    Project.objects.create(chain=chain, name="先开工项目", stage="started", department=unit,
                           started_on=datetime.date(2026, 3, 1))  # fmt: skip
    run_rules(today=TODAY)
    return EarlyWarning.objects.get(subject="先开工项目")


def test_the_warning_carries_its_evidence_rows(warning):
    assert warning.evidence[0]["项目"] == "先开工项目"
    assert "开工前未签约" in warning.message


def test_dismissing_needs_a_reason_and_is_kept_on_the_next_run(warning, auditor):
    with pytest.raises(AuditError, match="理由"):
        dismiss_warning(warning=warning, reason="", by=auditor)
    dismiss_warning(warning=warning, reason="已补签协议", by=auditor)
    run_rules(today=TODAY)
    warning.refresh_from_db()
    assert (warning.status, warning.reason) == ("dismissed", "已补签协议")
    assert EarlyWarning.objects.count() == 1


def test_a_warning_becomes_a_finding_with_its_evidence(warning, auditor, audit, unit):
    category = FindingCategory.objects.get(focus_area="investment", name="未批先建")
    finding = convert_warning(
        warning=warning, audit=audit, by=auditor, category=category, unit=unit
    )
    warning.refresh_from_db()
    assert warning.status == "converted" and warning.finding == finding
    assert "预警证据" in finding.description and list(finding.projects.all()) == [warning.project]
    assert Finding.objects.get(pk=finding.pk).rectification.state == "awaiting_plan"


def test_an_open_warning_whose_condition_is_gone_is_removed(warning):
    Project.objects.filter(pk=warning.project_id).update(stage="signed")
    run_rules(today=TODAY)
    assert not EarlyWarning.objects.exists()
