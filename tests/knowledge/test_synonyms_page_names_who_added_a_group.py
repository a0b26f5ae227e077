"""The synonyms page names who added an office group: the full name, else the username, and
nothing (no error) when that account is gone."""

from __future__ import annotations

import pytest

from chainchief.accounts.models import Role, User
from chainchief.knowledge.models import Synonym
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _adder_cell(html: str, text: str) -> str:
    row = html.split(f"<td>{text}</td>", 1)[1].split("</tr>", 1)[0]
    return row.split("<td>")[3].split("</td>")[0]


def test_the_adder_is_named_by_full_name_then_username_then_not_at_all(client, mini_graph):
    office = make_user(Role.CHAIN_OFFICE, "office_wang")
    named = make_user(Role.CHAIN_OFFICE, "office_li", first_name="", last_name="李明")
    gone = make_user(Role.CHAIN_OFFICE, "office_gone")
    Synonym.objects.create(text="甲乙 = 丙丁", created_by=office)
    Synonym.objects.create(text="戊己 = 庚辛", created_by=named)
    Synonym.objects.create(text="壬癸 = 子丑", created_by=gone)
    User.objects.filter(pk=gone.pk).delete()
    client.force_login(office)
    response = client.get("/knowledge/synonyms/")
    assert response.status_code == 200
    html = response.content.decode()
    assert _adder_cell(html, "甲乙 = 丙丁") == "office_wang"
    assert _adder_cell(html, "戊己 = 庚辛") == "李明"
    assert _adder_cell(html, "壬癸 = 子丑") == ""
