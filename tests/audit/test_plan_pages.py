"""The plan through its pages: create, add an item, approve, adjust with a reason, see the diff."""

import pytest
from django.urls import reverse

from chainchief.audit.models import PlanVersion

pytestmark = pytest.mark.django_db

ITEM = {"name": "专项资金审计", "kind": "special", "focus_area": "strategy",
        "audited_units": "市工信局", "subject": "制造强市专项资金", "source": "own"}  # fmt: skip


def test_the_auditor_drafts_approves_and_adjusts_a_plan(client, auditor):
    client.force_login(auditor)
    client.post(reverse("audit:plan_create"), {"year": 2027})
    client.post(reverse("audit:plan_item_add", args=[2027]), ITEM)
    client.post(reverse("audit:plan_approve", args=[2027]), {"approved_on": "2026-11-01"})
    client.post(reverse("audit:plan_adjust", args=[2027]), {"reason": "领导交办"})
    client.post(reverse("audit:plan_item_add", args=[2027]), ITEM | {"name": "新增审计"})
    assert list(PlanVersion.objects.values_list("number", "status")) == [
        (2, "adjusting"), (1, "approved"),
    ]  # fmt: skip
    body = client.get(reverse("audit:plan", args=[2027])).content.decode()
    assert "第1版 → 第2版的变化" in body and "新增审计" in body and "领导交办" in body


def test_a_bad_item_is_refused_with_its_reason(client, auditor):
    client.force_login(auditor)
    client.post(reverse("audit:plan_create"), {"year": 2027})
    response = client.post(reverse("audit:plan_item_add", args=[2027]),
                           ITEM | {"planned_start": "2027-13-01"}, follow=True)  # fmt: skip
    assert "计划开始“2027-13-01”不存在" in response.content.decode()


def test_adjusting_without_a_reason_shows_the_message(client, auditor):
    client.force_login(auditor)
    client.post(reverse("audit:plan_create"), {"year": 2027})
    client.post(reverse("audit:plan_item_add", args=[2027]), ITEM)
    client.post(reverse("audit:plan_approve", args=[2027]), {})
    response = client.post(reverse("audit:plan_adjust", args=[2027]), {"reason": ""}, follow=True)
    assert "调整计划必须填写调整原因" in response.content.decode()


def test_an_item_of_the_adjusting_version_is_edited_and_the_diff_shows_it(client, auditor):
    client.force_login(auditor)
    client.post(reverse("audit:plan_create"), {"year": 2027})
    client.post(reverse("audit:plan_item_add", args=[2027]), ITEM)
    client.post(reverse("audit:plan_approve", args=[2027]), {})
    client.post(reverse("audit:plan_adjust", args=[2027]), {"reason": "组长调整"})
    item = PlanVersion.objects.get(number=2).items.get()
    client.post(reverse("audit:plan_item_edit", args=[2027, item.pk]),
                {"name": item.name, "audited_units": "市工信局", "team_leader": "彭立军"})  # fmt: skip
    body = client.get(reverse("audit:plan", args=[2027])).content.decode()
    assert "审计组长 “” → “彭立军”" in body
