"""The categories the workflow had in code are rows after migrating: the seed's six first."""

from __future__ import annotations

import pytest

from chainchief.casework.categories import category_choices
from chainchief.casework.models import CaseCategory

pytestmark = pytest.mark.django_db


def test_the_thirteen_problem_categories_are_rows_in_todays_order():
    names = [name for _, name in category_choices("problem")]
    assert names[:6] == ["扩产扩能", "技能人才", "融资难", "融资贵", "高校对接", "产学研合作"]
    assert names[-1] == "其他"
    assert len(names) == 13


def test_audit_rectification_keeps_the_audit_taxonomy():
    assert not CaseCategory.objects.filter(kind="audit").exists()
