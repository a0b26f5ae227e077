"""What each stage needs: 签约 a signed amount and date, 开工 a start date, 投产 a date and
the invested amount (both editable later); the stage menu defaults to the next stage."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from chainchief.projects import services
from chainchief.projects.forms import MoveForm
from chainchief.projects.models import Project, Stage
from tests.projects.conftest import login


def test_signing_needs_a_signed_amount(make_project, office):
    project = make_project(stage=Stage.NEGOTIATING)
    with pytest.raises(services.ProjectError, match="签约须填写签约金额"):
        services.move_stage(project=project, to_stage=Stage.SIGNED, by=office)
    moved = services.move_stage(
        project=project, to_stage=Stage.SIGNED, by=office, signed_amount="2亿元",
        moved_on=datetime.date(2025, 3, 1),
    )  # fmt: skip
    assert (moved.signed_amount, moved.signed_on) == (
        Decimal("20000.00"),
        datetime.date(2025, 3, 1),
    )


def test_production_needs_the_invested_amount(make_project, office):
    project = make_project(stage=Stage.STARTED)
    with pytest.raises(services.ProjectError, match="投产须填写累计完成投资"):
        services.move_stage(project=project, to_stage=Stage.IN_PRODUCTION, by=office)
    moved = services.move_stage(
        project=project, to_stage=Stage.IN_PRODUCTION, by=office, invested_to_date="8000"
    )
    assert moved.invested == Decimal("8000.00") and moved.production_on is not None
    assert moved.progress.get().invested_increment == Decimal("8000.00")


def test_the_stage_dates_and_signed_amount_stay_editable(client, chief, make_project, office):
    project = make_project(stage=Stage.NEGOTIATING)
    project = services.move_stage(
        project=project, to_stage=Stage.SIGNED, by=office, signed_amount="100"
    )
    login(client, chief)
    page = client.get(f"/projects/{project.pk}/edit/").content.decode()
    assert 'name="signed_on"' in page and 'name="started_on"' not in page
    client.post(f"/projects/{project.pk}/edit/", {
        "name": project.name, "kind": project.kind, "chain": project.chain_id,
        "version": project.version, "signed_amount": "150", "signed_on": "2025-02-03",
    })  # fmt: skip
    stored = Project.objects.get(pk=project.pk)
    assert (stored.signed_amount, stored.signed_on) == (
        Decimal("150.00"),
        datetime.date(2025, 2, 3),
    )


@pytest.mark.parametrize(
    "stage, default",
    [(Stage.LEAD, Stage.NEGOTIATING), (Stage.NEGOTIATING, Stage.SIGNED),
     (Stage.STARTED, Stage.IN_PRODUCTION), (Stage.IN_PRODUCTION, "")],
)  # fmt: skip
def test_the_stage_menu_defaults_to_the_next_stage(make_project, stage, default):
    form = MoveForm(project=make_project(stage=stage))
    assert form.initial["to_stage"] == default
    if not default:
        assert form.fields["to_stage"].choices[0] == ("", "请选择")


def test_the_detail_page_preselects_the_next_stage(client, chief, make_project):
    project = make_project(stage=Stage.IN_PRODUCTION)
    login(client, chief)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert '<option value="" selected>请选择</option>' in page
    assert '<option value="started" selected>' not in page
