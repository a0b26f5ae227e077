"""The audit report in the report list follows the audit scoping, for every role: only the
bureau, the audit committee and superusers see, download or request it; everyone else gets
neither a row nor the file (404)."""

import pytest
from django.urls import reverse

from chainchief.accounts.models import Role
from chainchief.audit.models import AuditCommitteeMember
from chainchief.reports import services
from chainchief.reports.models import Kind, Report
from tests.factories import ChainFactory, DepartmentFactory, assign, make_user

pytestmark = pytest.mark.django_db

SEES = {"auditor", "committee", "superuser"}


def _user(who: str):
    if who == "superuser":
        user = make_user(Role.CHAIN_OFFICE, "root_t")
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
        return user
    if who == "committee":
        user = make_user(Role.GENERAL_CHIEF, "committee_t")
        AuditCommitteeMember.objects.create(user=user, title="委员")
        return user
    role = Role(who)
    unit = DepartmentFactory(name="市住建局")
    user = make_user(role, f"{who}_t", department=unit)
    if role in (Role.CHAIN_CHIEF, Role.DEPUTY_DIRECTOR):
        assign(user, ChainFactory(code="PW", name="输变电装备"))
    return user


@pytest.fixture
def audit_report(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    bureau = make_user(Role.AUDITOR, "bureau_t")
    report = services.request_report(kind=Kind.AUDIT_ANNUAL, period="2026", by=bureau)
    return services.generate(report=report)


ROLES = ["auditor", "committee", "superuser", *[r for r in Role.values if r != Role.AUDITOR]]


@pytest.mark.parametrize("who", ROLES)
def test_the_audit_report_is_listed_and_downloaded_only_inside_audit_scope(
    client, audit_report, who
):
    client.force_login(_user(who))
    listing = client.get(reverse("reports:list"))
    download = client.get(reverse("reports:download", args=[audit_report.pk, "docx"]))
    filtered = client.get(reverse("reports:list"), {"kind": "audit_annual"})
    if who in SEES:
        assert audit_report.title in listing.content.decode()
        assert download.status_code == 200
        assert audit_report.title in filtered.content.decode()
    else:
        assert listing.status_code == 404 or audit_report.title not in listing.content.decode()
        assert download.status_code == 404
        assert filtered.status_code == 404 or audit_report.title not in filtered.content.decode()


@pytest.mark.parametrize("who", ROLES)
def test_only_the_bureau_and_committee_may_request_it(client, who, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(_user(who))
    response = client.post(reverse("reports:request"), {"kind": "audit_annual", "period": "2026"})
    made = Report.objects.filter(kind=Kind.AUDIT_ANNUAL).exists()
    if who in SEES:
        assert response.status_code == 302 and made
    else:
        assert response.status_code == 404 and not made
