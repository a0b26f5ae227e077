"""系统设置 › 问题类别: the office adds, edits, reorders and deletes categories on pages with
search, pages, .xlsx export and a confirmation; other roles are refused."""

from __future__ import annotations

import io

import openpyxl
import pytest

from chainchief.accounts.models import Role
from chainchief.casework.models import CaseCategory

LIST = "/settings/cases/categories/"
FORM = {"name": "数据要素", "sort": "", "is_active": "on",
        "days_normal": "12", "days_urgent": "6", "days_critical": "3"}  # fmt: skip


def test_the_office_adds_a_category_from_the_form(client, office):
    client.force_login(office)
    response = client.post(LIST + "new/", FORM, follow=True)
    assert "已保存问题类别“数据要素”" in response.content.decode()
    row = CaseCategory.objects.get(kind="problem", name="数据要素")
    assert row.is_active


def test_an_edit_based_on_an_old_version_is_refused_on_the_page(client, office):
    category = CaseCategory.objects.get(kind="problem", code="logistics")
    client.force_login(office)
    client.post(f"{LIST}{category.pk}/", {**FORM, "name": "物流运输", "version": 1})
    response = client.post(f"{LIST}{category.pk}/", {**FORM, "name": "现代物流", "version": 1})
    assert "该记录已被他人修改" in response.content.decode()
    category.refresh_from_db()
    assert category.name == "物流运输"


def test_a_bad_limit_is_named_on_the_form(client, office):
    client.force_login(office)
    response = client.post(LIST + "new/", {**FORM, "days_urgent": "abc"})
    assert "紧急事项的答复时限“abc”不是数字" in response.content.decode()
    assert not CaseCategory.objects.filter(name="数据要素").exists()


def test_the_list_searches_and_exports(client, office):
    client.force_login(office)
    response = client.get(LIST, {"q": "融资"})
    assert [c.name for c in response.context["page"]] == ["融资难", "融资贵"]
    export = client.get(LIST, {"q": "融资", "format": "xlsx"})
    rows = list(
        openpyxl.load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True)
    )
    assert [r[1] for r in rows if r and r[1] in ("融资难", "融资贵")] == ["融资难", "融资贵"]


def test_deleting_asks_first_and_refuses_a_category_in_use(client, office, make_case):
    make_case("pending", category="logistics")
    category = CaseCategory.objects.get(kind="problem", code="logistics")
    client.force_login(office)
    confirm = client.get(f"{LIST}{category.pk}/delete/")
    assert "不能删除，只能停用" in confirm.content.decode()
    response = client.post(
        f"{LIST}{category.pk}/delete/", {"version": category.version}, follow=True
    )
    assert "已有 1 条事项使用" in response.content.decode()
    assert CaseCategory.objects.filter(pk=category.pk).exists()


def test_moving_down_from_the_list(client, office):
    capacity = CaseCategory.objects.get(kind="problem", code="capacity")
    client.force_login(office)
    client.post(f"{LIST}{capacity.pk}/move/", {"step": "down", "version": capacity.version})
    names = [c.name for c in client.get(LIST).context["page"]]
    assert names[:2] == ["技能人才", "扩产扩能"]


@pytest.mark.parametrize("role", [Role.GENERAL_CHIEF, Role.DEPARTMENT_HEAD, Role.AUDITOR])
def test_other_roles_are_refused(client, city, role):
    client.force_login(city.users[role])
    assert client.get(LIST).status_code == 403
    assert client.post(LIST + "new/", FORM).status_code == 403
    assert not CaseCategory.objects.filter(name="数据要素").exists()
