"""A signed comment's action items (整改要求) become cases of kind 点评交办."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from chainchief.evaluation import services
from chainchief.evaluation.models import Comment
from tests.factories import DepartmentFactory


def test_signing_turns_each_action_item_into_a_review_case(city, computed_run):
    casework = pytest.importorskip("chainchief.casework.models")
    run = services.publish_run(run=computed_run, by=city.office)
    comment = Comment.objects.get(run=run, chain=city.chains["CAR"])
    department = DepartmentFactory(name="市商务局")
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    item = services.add_action_item(
        comment=comment,
        text="三个月内新增签约项目 2 个",
        deadline=deadline,
        department=department,
        by=city.office,
    )
    services.sign_comment(comment=comment, version=comment.version, by=city.users["secretary"])
    item.refresh_from_db()
    case = casework.Case.objects.get(pk=item.case_id)
    assert (case.kind, case.chain, case.text) == (
        "review",
        city.chains["CAR"],
        "三个月内新增签约项目 2 个",
    )
    assert case.extra["deadline"] == deadline.isoformat()


def test_a_signed_comment_cannot_be_edited_or_given_more_items(city, computed_run):
    run = services.publish_run(run=computed_run, by=city.office)
    comment = Comment.objects.get(run=run, chain=city.chains["BIO"])
    comment = services.sign_comment(
        comment=comment, version=comment.version, by=city.users["secretary"]
    )
    with pytest.raises(services.EvaluationError, match="已签发，不能再修改"):
        services.edit_comment(comment=comment, text="改", version=comment.version, by=city.office)
    with pytest.raises(services.EvaluationError, match="不能再增加整改要求"):
        services.add_action_item(
            comment=comment, text="x", deadline=timezone.localdate(), by=city.office
        )


def test_a_comment_edit_with_a_stale_version_is_refused(city, computed_run):
    comment = Comment.objects.get(run=computed_run, chain=city.chains["BIO"])
    services.edit_comment(
        comment=comment, text="第一次修改", version=comment.version, by=city.office
    )
    with pytest.raises(services.Conflict, match="已被他人修改"):
        services.edit_comment(comment=comment, text="第二次修改", version=1, by=city.office)


def test_comments_of_a_draft_run_cannot_be_signed(city, computed_run):
    comment = Comment.objects.get(run=computed_run, chain=city.chains["BIO"])
    with pytest.raises(services.EvaluationError, match="考评发布后才能签发"):
        services.sign_comment(comment=comment, version=comment.version, by=city.users["secretary"])
