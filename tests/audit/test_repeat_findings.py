import datetime

import pytest

from chainchief.audit import services
from chainchief.audit.models import FindingCategory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def later_audit(auditor, unit):
    return services.create_audit(by=auditor, year=2026, name="2026年专项审计（第二次）", kind="special",
                                 focus_area="investment", subject="专项债资金", units=[unit])  # fmt: skip


def test_same_unit_and_category_in_a_later_audit_flags_both(record, later_audit):
    first = record(found_on=D(2026, 4, 1))
    second = record(audit=later_audit, found_on=D(2026, 6, 1), projects=[])
    first.refresh_from_db()
    assert first.is_repeat and second.is_repeat and second.repeat_of == first


def test_another_category_is_not_a_repeat(record, later_audit):
    record(found_on=D(2026, 4, 1))
    other = FindingCategory.objects.get(focus_area="investment", name="超概算")
    second = record(audit=later_audit, category=other, found_on=D(2026, 6, 1), projects=[])
    assert not second.is_repeat


def test_two_findings_of_the_same_audit_are_not_repeats(record):
    record()
    second = record(summary="另一处未批先建")
    assert not second.is_repeat


def test_another_unit_is_not_a_repeat(record, later_audit, other_unit):
    record(found_on=D(2026, 4, 1))
    second = record(audit=later_audit, unit=other_unit, found_on=D(2026, 6, 1), projects=[])
    assert not second.is_repeat
