import datetime

import pytest

from chainchief.audit import rectification as rect_services
from chainchief.audit.services import AuditError

pytestmark = pytest.mark.django_db
D = datetime.date


def test_the_unit_has_30_days_to_file_its_plan(record):
    finding = record(found_on=D(2026, 4, 1))
    assert finding.rectification.plan_due_on == D(2026, 5, 1)


def test_the_bureau_has_10_days_to_confirm_a_filed_plan(record, handler):
    rect = record(found_on=D(2026, 4, 1)).rectification
    rect_services.file_plan(
        rect=rect, by=handler, kind="immediate", measures="补办施工许可", responsible_person="李工",
        due_on=D(2026, 5, 20), filed_on=D(2026, 4, 20),
    )  # fmt: skip
    assert rect.confirm_due_on == D(2026, 4, 30)
    assert rect.state == "awaiting_confirmation"


@pytest.mark.parametrize(
    ("kind", "ok", "too_late"),
    [
        ("immediate", D(2026, 5, 31), D(2026, 6, 1)),
        ("phased", D(2027, 4, 1), D(2027, 4, 2)),
        ("continuing", D(2031, 3, 31), D(2031, 4, 1)),
    ],
)
def test_each_kind_limits_the_completion_date(record, handler, kind, ok, too_late):
    rect = record(found_on=D(2026, 4, 1)).rectification
    args = {"by": handler, "kind": kind, "measures": "整改", "responsible_person": "李工",
            "filed_on": D(2026, 4, 10)}  # fmt: skip
    with pytest.raises(AuditError, match="完成时限最长"):
        rect_services.file_plan(rect=rect, due_on=too_late, **args)
    rect_services.file_plan(rect=rect, due_on=ok, **args)
    assert rect.due_on == ok


def test_a_plan_past_its_30_days_turns_red_at_night(record):
    rect = record(found_on=D(2026, 4, 1)).rectification
    assert rect_services.escalate_overdue(today=D(2026, 5, 1)) == 0
    assert rect_services.escalate_overdue(today=D(2026, 5, 2)) == 1
    rect.refresh_from_db()
    assert rect.escalated
