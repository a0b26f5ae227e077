from __future__ import annotations

import io

from openpyxl import load_workbook

from chainchief.pools.models import Partner


def test_each_pool_lists_searches_and_exports(client, office):
    Partner.objects.create(name="南华大学", kind="university", field="核技术", is_demo=True)
    Partner.objects.create(name="市机械行业协会", kind="association")
    client.force_login(office)
    for code in ("talent", "needs", "capital", "research", "partners"):
        assert client.get(f"/pools/{code}/").status_code == 200
    page = client.get("/pools/partners/", {"q": "核技术"}).content.decode()
    assert "南华大学" in page and "市机械行业协会" not in page and "演示数据" in page
    sheet = load_workbook(
        io.BytesIO(client.get("/pools/partners/export/", {"q": "核技术"}).content)
    ).active
    assert [c.value for c in sheet[1]][:2] == ["名称", "类型"]
    assert sheet.cell(2, 1).value == "南华大学" and sheet.cell(2, 2).value == "高校"
    detail = Partner.objects.get(name="南华大学")
    assert "核技术" in client.get(f"/pools/partners/{detail.pk}/").content.decode()


def test_an_enterprise_contact_does_not_see_the_pools(client, contact):
    client.force_login(contact)
    assert client.get("/pools/partners/").status_code == 404


def test_an_unknown_pool_answers_404(client, office):
    client.force_login(office)
    assert client.get("/pools/nothing/").status_code == 404
