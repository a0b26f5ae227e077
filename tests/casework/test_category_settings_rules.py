"""The office keeps the categories (services_settings): add, rename, reorder, deactivate; a
category in use is never deleted; a stale edit is refused; every change is in the change log;
the answer limits per urgency are the category's rows of the time-limit table."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import ChangeLog
from chainchief.casework import services
from chainchief.casework import services_settings as settings_services
from chainchief.casework.categories import category_choices, check_category
from chainchief.casework.kinds import get_kind
from chainchief.casework.models import CaseCategory, TimeLimit
from chainchief.casework.services import CaseConflict, CaseError

LIMITS = {"normal": "12", "urgent": "6", "critical": "3"}


def _add(office, name="数据要素", **kwargs):
    return settings_services.save_category(by=office, name=name, limits=LIMITS, **kwargs)


def test_a_new_category_is_offered_last_with_its_limits(office):
    category = _add(office)
    assert category_choices()[-1] == (category.code, "数据要素")
    spec = get_kind("problem")
    assert services.answer_limit(spec, category.code, "normal") == 12
    assert services.answer_limit(spec, category.code, "critical") == 3
    assert TimeLimit.objects.filter(category=category.code).count() == 3


def test_a_renamed_category_keeps_its_code_and_logs_the_change(office):
    category = CaseCategory.objects.get(kind="problem", code="logistics")
    settings_services.save_category(
        by=office, category=category, version=category.version, name="物流运输", limits=LIMITS
    )
    category.refresh_from_db()
    assert (category.code, category.name, category.version) == ("logistics", "物流运输", 2)
    entry = ChangeLog.objects.filter(object_type="casework.casecategory").latest("id")
    assert entry.after["name"] == "物流运输" and entry.user == office


def test_a_stale_edit_is_refused_naming_the_other_change(office):
    category = CaseCategory.objects.get(kind="problem", code="logistics")
    read = category.version
    settings_services.save_category(
        by=office, category=category, version=read, name="物流运输", limits=LIMITS
    )
    with pytest.raises(CaseConflict, match="已被他人修改.*物流运输"):
        settings_services.save_category(
            by=office, category=category, version=read, name="现代物流", limits=LIMITS
        )


def test_a_duplicate_name_and_a_bad_limit_are_refused(office):
    with pytest.raises(CaseError, match="已有名为“融资难”的类别"):
        _add(office, name="融资难")
    with pytest.raises(CaseError, match="紧急事项的答复时限应在 1 到 120"):
        settings_services.save_category(
            by=office, name="数据要素", limits={**LIMITS, "urgent": "0"}
        )


def test_moving_a_category_up_swaps_it_with_its_neighbour(office):
    skills = CaseCategory.objects.get(kind="problem", code="skills")
    settings_services.move_category(by=office, category=skills, version=skills.version, step=-1)
    assert [code for code, _ in category_choices()[:2]] == ["skills", "capacity"]


def test_a_deactivated_category_is_no_longer_offered_but_names_old_cases(office, make_case):
    case = make_case("pending", category="logistics")
    category = CaseCategory.objects.get(kind="problem", code="logistics")
    settings_services.save_category(
        by=office, category=category, version=category.version, name="物流",
        is_active=False, limits=LIMITS,
    )  # fmt: skip
    assert "logistics" not in dict(category_choices())
    assert check_category("problem", "logistics") == (
        "类别“物流”已停用，可选：" + "、".join(n for _, n in category_choices())
    )
    assert case.category_label == "物流"


def test_a_category_in_use_cannot_be_deleted(office, make_case):
    make_case("pending", category="logistics")
    category = CaseCategory.objects.get(kind="problem", code="logistics")
    with pytest.raises(CaseError, match="已有 1 条事项使用，不能删除，只能停用"):
        settings_services.delete_category(by=office, category=category, version=category.version)
    assert CaseCategory.objects.filter(pk=category.pk).exists()


def test_an_unused_category_is_deleted_with_its_limits(office):
    category = _add(office)
    settings_services.delete_category(by=office, category=category, version=category.version)
    assert not CaseCategory.objects.filter(pk=category.pk).exists()
    assert not TimeLimit.objects.filter(category=category.code).exists()
    assert ChangeLog.objects.filter(
        object_type="casework.casecategory", object_id=str(category.pk), action="delete"
    ).exists()
