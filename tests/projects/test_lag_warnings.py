"""Investment-lag warnings start after 线索: a lead has no investment to lag behind."""

from __future__ import annotations

import datetime
from decimal import Decimal

from chainchief.projects import selectors, services
from chainchief.projects.models import Milestone, Project, Stage


def _annotated(project):
    return selectors.with_warnings(Project.objects.filter(pk=project.pk)).get()


def test_a_lead_behind_its_planned_investment_has_no_warning(project, office):
    Milestone.objects.create(
        project=project, name="首期投资", planned_on=datetime.date(2020, 1, 1),
        actual_on=datetime.date(2020, 1, 1), planned_investment=Decimal("5000"),
    )  # fmt: skip
    lead = _annotated(project)
    assert lead.warning == 0 and selectors.warning_labels(lead) == []
    services.move_stage(project=project, to_stage=Stage.NEGOTIATING, by=office)
    talks = _annotated(project)
    assert talks.warning == selectors.YELLOW and selectors.warning_labels(talks) == ["投资滞后"]
