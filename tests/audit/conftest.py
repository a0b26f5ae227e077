"""Shared fixtures of the audit suite: the bureau, a unit, an audit with its plan."""

from __future__ import annotations

import datetime

import pytest

from chainchief.accounts.models import Role
from chainchief.audit import services
from chainchief.audit.models import AuditCommitteeMember, AuditKind, FindingCategory
from tests.factories import ChainFactory, DepartmentFactory, make_user

TODAY = datetime.date(2026, 11, 27)


@pytest.fixture
def unit():
    return DepartmentFactory(name="市住建局")


@pytest.fixture
def other_unit():
    return DepartmentFactory(name="市交通局")


@pytest.fixture
def auditor():
    return make_user(Role.AUDITOR, "auditor_t")


@pytest.fixture
def committee_member():
    user = make_user(Role.GENERAL_CHIEF, "committee_t")
    AuditCommitteeMember.objects.create(user=user, title="委员")
    return user


@pytest.fixture
def handler(unit):
    return make_user(Role.DEPARTMENT_HANDLER, "handler_t", department=unit)


@pytest.fixture
def chain():
    return ChainFactory(code="PW", name="输变电装备")


@pytest.fixture
def project(chain, unit, auditor):
    from chainchief.projects.services import create_project

    return create_project(by=auditor, name="变压器扩产项目", chain=chain, department=unit)


@pytest.fixture
def category():
    return FindingCategory.objects.get(focus_area="investment", name="未批先建")


@pytest.fixture
def audit(auditor, unit, project):
    return services.create_audit(
        by=auditor, year=2026, name="重点项目投资审计", kind=AuditKind.INVESTMENT,
        focus_area="investment", units=[unit], projects=[project],
        notice_on=datetime.date(2026, 3, 1),
    )  # fmt: skip


@pytest.fixture
def record(auditor, audit, unit, category, project):
    """Record a finding of `audit` (keyword overrides allowed)."""

    def _record(**kw):
        fields = {
            "summary": "项目未取得施工许可即开工",
            "category": category,
            "unit": unit,
            "amount": 120,
            "legal_basis": "《建筑法》第七条",
            "found_on": datetime.date(2026, 4, 1),
        } | kw
        on_audit = fields.pop("audit", audit)
        projects = fields.pop("projects", [project])
        return services.record_finding(audit=on_audit, by=auditor, projects=projects, **fields)

    return _record
