from __future__ import annotations

import datetime

import pytest

from chainchief.accounts.models import ChangeLog
from chainchief.projects import services
from chainchief.projects.models import PIPELINE, Project, Stage, StageMove


def test_it_moves_forward_through_every_stage(project, office):
    needs = {
        Stage.SIGNED: {"signed_amount": "5亿元"},
        Stage.IN_PRODUCTION: {"invested_to_date": "3000"},
    }
    for stage in PIPELINE[1:]:
        project = services.move_stage(
            project=project, to_stage=stage, by=office, note="推进", **needs.get(stage, {})
        )
        assert project.stage == stage
    today = datetime.date.today()
    assert (project.signed_on, project.started_on, project.production_on) == (today, today, today)
    assert project.version == 5
    assert list(project.moves.order_by("id").values_list("to_stage", flat=True)) == PIPELINE[1:]
    assert project.moves.first().by == office


@pytest.mark.parametrize("start", PIPELINE)
def test_it_drops_from_any_stage_with_a_reason(make_project, office, start):
    project = make_project(stage=start)
    project = services.move_stage(
        project=project, to_stage=Stage.DROPPED, by=office, reason="企业放弃"
    )
    assert project.stage == Stage.DROPPED
    assert project.moves.get().reason == "企业放弃"


@pytest.mark.parametrize("start", PIPELINE)
def test_it_refuses_a_drop_without_reason(make_project, office, start):
    project = make_project(stage=start)
    with pytest.raises(services.ProjectError, match="终止项目必须填写终止原因"):
        services.move_stage(project=project, to_stage=Stage.DROPPED, by=office)
    _assert_untouched(project, start)


def _assert_untouched(project: Project, stage: str) -> None:
    stored = Project.objects.get(pk=project.pk)
    assert stored.stage == stage
    assert stored.version == 1
    assert not StageMove.objects.filter(project=project).exists()


def test_it_refuses_skipping_a_stage(project, office):
    with pytest.raises(services.ProjectError, match="只能逐级推进：当前为“线索”，下一阶段是“洽谈”"):
        services.move_stage(project=project, to_stage=Stage.SIGNED, by=office)
    _assert_untouched(project, Stage.LEAD)


def test_it_refuses_moving_to_the_same_stage(project, office):
    with pytest.raises(services.ProjectError, match="已处于“线索”阶段"):
        services.move_stage(project=project, to_stage=Stage.LEAD, by=office)
    _assert_untouched(project, Stage.LEAD)


def test_it_refuses_an_unknown_stage(project, office):
    with pytest.raises(services.ProjectError, match="阶段“built”不存在"):
        services.move_stage(project=project, to_stage="built", by=office)
    _assert_untouched(project, Stage.LEAD)


def test_it_refuses_moving_past_production(make_project, office):
    project = make_project(stage=Stage.IN_PRODUCTION)
    with pytest.raises(services.ProjectError, match="不存在"):
        services.move_stage(project=project, to_stage="beyond", by=office)


@pytest.mark.parametrize(
    "start,back", [("negotiating", "lead"), ("started", "signed"), ("in_production", "lead")]
)
def test_going_backwards_needs_a_reason(make_project, office, start, back):
    project = make_project(stage=start)
    with pytest.raises(services.ProjectError, match="退回到.*必须填写原因"):
        services.move_stage(project=project, to_stage=back, by=office)
    _assert_untouched(project, start)
    project = services.move_stage(project=project, to_stage=back, by=office, reason="合同重谈")
    assert project.stage == back


def test_going_back_forgets_the_dates_not_reached_any_more(make_project, office):
    project = make_project(stage=Stage.STARTED)
    assert project.started_on and project.signed_on
    project = services.move_stage(
        project=project, to_stage=Stage.NEGOTIATING, by=office, reason="重新洽谈"
    )
    assert project.signed_on is None and project.started_on is None


def test_a_dropped_project_reopens_only_with_a_reason(make_project, office):
    project = make_project(stage=Stage.SIGNED)
    project = services.move_stage(project=project, to_stage=Stage.DROPPED, by=office, reason="暂缓")
    with pytest.raises(services.ProjectError, match="恢复已终止的项目必须填写原因"):
        services.move_stage(project=project, to_stage=Stage.SIGNED, by=office)
    project = services.move_stage(project=project, to_stage=Stage.SIGNED, by=office, reason="重启")
    assert project.stage == Stage.SIGNED


def test_it_refuses_a_date_in_the_future(project, office):
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    with pytest.raises(services.ProjectError, match="不能晚于今天"):
        services.move_stage(
            project=project, to_stage=Stage.NEGOTIATING, by=office, moved_on=tomorrow
        )
    _assert_untouched(project, Stage.LEAD)


def test_it_keeps_the_date_of_the_move(project, office):
    day = datetime.date(2025, 3, 1)
    project = services.move_stage(
        project=project, to_stage=Stage.NEGOTIATING, by=office, moved_on=day
    )
    assert project.stage_since == day
    assert project.moves.get().moved_on == day


def test_of_two_concurrent_moves_one_wins(project, office, chief):
    # Both people loaded the project at version 1 and submit their moves.
    first = Project.objects.get(pk=project.pk)
    second = Project.objects.get(pk=project.pk)
    services.move_stage(project=first, to_stage=Stage.NEGOTIATING, by=office)
    with pytest.raises(
        services.StageConflict, match="已被他人修改（当前阶段：洽谈）.*请刷新页面后重试"
    ):
        services.move_stage(project=second, to_stage=Stage.DROPPED, by=chief, reason="放弃")
    stored = Project.objects.get(pk=project.pk)
    assert stored.stage == Stage.NEGOTIATING and stored.version == 2
    assert StageMove.objects.filter(project=project).count() == 1


def test_a_stale_version_from_a_form_conflicts(project, office):
    services.move_stage(project=project, to_stage=Stage.NEGOTIATING, by=office)
    project.refresh_from_db()
    with pytest.raises(services.StageConflict):
        services.move_stage(project=project, to_stage=Stage.SIGNED, by=office, expected_version=1)
    assert Project.objects.get(pk=project.pk).stage == Stage.NEGOTIATING


def test_moves_are_in_the_change_log(project, office):
    services.move_stage(project=project, to_stage=Stage.NEGOTIATING, by=office)
    entries = ChangeLog.objects.filter(object_type="projects.project", object_id=str(project.pk))
    update = entries.get(action="update")
    assert update.before["stage"] == "lead" and update.after["stage"] == "negotiating"
    assert ChangeLog.objects.filter(object_type="projects.stagemove", action="create").exists()


def test_allowed_moves_lists_next_back_and_drop():
    assert services.allowed_moves(Stage.SIGNED) == ["started", "negotiating", "lead", "dropped"]
    assert services.allowed_moves(Stage.DROPPED) == PIPELINE
