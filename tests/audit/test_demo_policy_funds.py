"""Demo projects: most signed 技改/数字化 projects carry policy funds of a local enterprise,
written through the project service (so the change log holds them), none on other kinds."""

import datetime
import random

import pytest

from chainchief.accounts.models import ChangeLog, Role
from chainchief.demo.projects import build_demo_projects
from chainchief.projects.models import PIPELINE, Kind, Project
from tests.factories import ChainFactory, EnterpriseFactory, SegmentFactory, make_user

pytestmark = pytest.mark.django_db


def test_demo_projects_get_plausible_policy_funds_through_the_service():
    chain = ChainFactory(code="POWER", name="输变电装备")
    SegmentFactory(chain=chain, name="变压器", terms=["变压器"])
    local = [EnterpriseFactory() for _ in range(3)]
    for e in local:
        e.chains.add(chain)
    users = {"deputy_power": make_user(Role.DEPUTY_DIRECTOR, "deputy_power")}
    build_demo_projects(random.Random(7), chains=[chain], users=users,
                        today=datetime.date(2026, 11, 20), per_chain=60)  # fmt: skip
    funded = Project.objects.filter(policy_funds__gt=0)
    assert funded.count() >= 3
    for p in funded:
        assert p.kind in (Kind.UPGRADING, Kind.DIGITAL) and p.stage in PIPELINE[2:]
        assert p.investor_enterprise in local and p.investor_name == p.investor_enterprise.name
        assert p.planned_investment * 3 / 100 <= p.policy_funds <= p.planned_investment / 10
    logged = ChangeLog.objects.filter(object_type="projects.project", action="update")
    assert {int(i) for i in logged.values_list("object_id", flat=True)} >= set(
        funded.values_list("pk", flat=True)
    )
