import datetime

import pytest

from chainchief.audit import selectors, services
from chainchief.audit.models import VersionStatus

pytestmark = pytest.mark.django_db

ITEM = {
    "name": "市本级预算执行审计", "kind": "special", "focus_area": "performance",
    "audited_units": "市财政局", "subject": "2025年市本级预算", "source": "higher",
}  # fmt: skip


def _approved_plan(auditor):
    plan = services.create_plan(year=2026, by=auditor)
    v1 = services.current_version(plan)
    services.add_item(version=v1, by=auditor, **ITEM)
    services.add_item(version=v1, by=auditor, **(ITEM | {"name": "专项资金审计"}))
    services.approve_version(version=v1, by=auditor, approved_on=datetime.date(2026, 2, 1))
    return plan, v1


def test_a_new_plan_starts_as_a_draft_numbered_version_one(auditor):
    plan = services.create_plan(year=2026, by=auditor)
    version = services.current_version(plan)
    assert (version.number, version.status) == (1, VersionStatus.DRAFT)


def test_an_approved_version_cannot_be_edited(auditor):
    plan, v1 = _approved_plan(auditor)
    with pytest.raises(services.AuditError, match="不能修改"):
        services.add_item(version=v1, by=auditor, **ITEM)


def test_adjusting_needs_a_reason(auditor):
    plan, _ = _approved_plan(auditor)
    with pytest.raises(services.AuditError, match="调整原因"):
        services.adjust_plan(plan=plan, reason=" ", by=auditor)


def test_an_adjustment_is_a_new_version_with_the_items_copied(auditor):
    plan, v1 = _approved_plan(auditor)
    v2 = services.adjust_plan(plan=plan, reason="领导交办新增项目", by=auditor)
    assert v2.number == 2 and v2.status == VersionStatus.ADJUSTING
    assert sorted(v2.items.values_list("key", flat=True)) == ["2026-01", "2026-02"]


def test_approving_the_adjustment_supersedes_the_old_version(auditor):
    plan, v1 = _approved_plan(auditor)
    v2 = services.adjust_plan(plan=plan, reason="新增项目", by=auditor)
    services.approve_version(version=v2, by=auditor)
    v1.refresh_from_db()
    assert v1.status == VersionStatus.SUPERSEDED
    assert services.approved_version(plan).number == 2


def test_the_difference_lists_added_removed_and_changed_items(auditor):
    plan, v1 = _approved_plan(auditor)
    v2 = services.adjust_plan(plan=plan, reason="调整", by=auditor)
    first, second = v2.items.order_by("key")
    services.update_item(item=first, by=auditor, team_leader="张审")
    services.remove_item(item=second, by=auditor)
    services.add_item(version=v2, by=auditor, **(ITEM | {"name": "新增审计", "source": "assigned"}))
    diff = selectors.version_diff(v1, v2)
    assert [i.name for i in diff["added"]] == ["新增审计"]
    assert [i.name for i in diff["removed"]] == ["专项资金审计"]
    assert [(key, label, after) for key, _, label, _, after in diff["changed"]] == [
        ("2026-01", "审计组长", "张审")
    ]


def test_a_cadre_audit_needs_the_cadre_and_leaving_or_serving(auditor):
    plan = services.create_plan(year=2026, by=auditor)
    with pytest.raises(services.AuditError, match="离任或任中"):
        services.add_item(
            version=services.current_version(plan), by=auditor,
            **(ITEM | {"kind": "cadre", "cadre_name": "王某"}),
        )  # fmt: skip


def test_a_stale_edit_of_the_plan_is_refused(auditor):
    plan = services.create_plan(year=2026, by=auditor)
    version = services.current_version(plan)
    services.add_item(version=version, by=auditor, expected_lock=1, **ITEM)
    with pytest.raises(services.Conflict):
        services.add_item(version=version, by=auditor, expected_lock=1, **ITEM)
