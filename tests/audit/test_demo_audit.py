"""The demo's audit data: two plans, five cadre audits, findings in every state, repeats."""

import datetime
import random

import pytest
from django.db import transaction

from chainchief.accounts.models import Role
from chainchief.audit.models import (
    AuditCommitteeMember,
    AuditPlan,
    Finding,
    PlanItem,
    Rectification,
    RectState,
)
from chainchief.demo.audit import UNITS, build_demo_audit
from chainchief.places.models import Department
from chainchief.projects.models import Project
from tests.conftest import fast_and_immediate
from tests.factories import ChainFactory, make_user

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 20)


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """The demo audit built once for the module's tests (each test runs in a savepoint)."""
    with django_db_blocker.unblock(), fast_and_immediate(), transaction.atomic():
        yield _build()
        transaction.set_rollback(True)


def _build():
    for name in UNITS:
        Department.objects.create(name=f"衡阳{name}", short_name=name)
    users = {
        "auditor": make_user(Role.AUDITOR, "auditor"),
        "secretary": make_user(Role.GENERAL_CHIEF, "secretary"),
    }
    chain = ChainFactory(code="POWER", name="输变电装备")
    for i in range(6):
        Project.objects.create(chain=chain, name=f"演示项目{i}", stage="started",
                               planned_investment=10000, started_on=datetime.date(2025, 1, 1))  # fmt: skip
    build_demo_audit(random.Random(2026), users=users, today=TODAY)
    return users


def test_two_plans_about_thirty_items_and_five_cadre_audits(built):
    assert list(AuditPlan.objects.values_list("year", flat=True)) == [2026, 2025]
    approved = PlanItem.objects.filter(version__status="approved")
    assert 25 <= approved.count() <= 35
    assert approved.filter(kind="cadre").count() == 5


def test_findings_in_every_rectification_state_with_repeats(built):
    assert 100 <= Finding.objects.count() <= 220
    assert set(Rectification.objects.values_list("state", flat=True)) == set(RectState.values)
    assert Finding.objects.filter(is_repeat=True).exists()
    assert all("演示数据" in d for d in Finding.objects.values_list("description", flat=True))


def test_the_secretary_sits_on_the_committee(built):
    assert AuditCommitteeMember.objects.filter(user=built["secretary"]).exists()
