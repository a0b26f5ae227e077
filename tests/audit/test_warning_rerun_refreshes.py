"""The nightly rerun keeps an open warning (first seen kept, last seen moved) and rewrites
its message and evidence only when the condition's facts changed."""

import datetime

import pytest

from chainchief.audit.models import EarlyWarning
from chainchief.audit.warnings import run_rules
from chainchief.projects.models import Milestone, Project

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_rerun_moves_last_seen_and_refreshes_changed_facts(chain, unit):
    p = Project.objects.create(chain=chain, name="先开工项目", stage="started", department=unit,
                               started_on=D(2026, 3, 1))  # fmt: skip
    run_rules(today=D(2026, 11, 26))
    run_rules(today=D(2026, 11, 27))
    w = EarlyWarning.objects.get(subject="先开工项目")
    assert (w.first_seen, w.last_seen) == (D(2026, 11, 26), D(2026, 11, 27))
    assert w.message == "项目“先开工项目”已开工，但开工前未签约、没有节点计划"
    Milestone.objects.create(project=p, name="开工", planned_on=D(2026, 3, 1))
    run_rules(today=D(2026, 11, 28))
    w.refresh_from_db()
    assert w.message == "项目“先开工项目”已开工，但开工前未签约"
    assert (w.first_seen, w.last_seen) == (D(2026, 11, 26), D(2026, 11, 28))
