"""The office's categories are what the raise form, the API, the ledger (filter and export)
and the statistics use."""

from __future__ import annotations

import io

import openpyxl
import pytest

from chainchief.casework import services_settings as settings_services
from chainchief.casework.forms import RaiseForm
from chainchief.casework.models import CaseCategory

LIMITS = {"normal": "12", "urgent": "6", "critical": "3"}


@pytest.fixture
def data_category(office):
    return settings_services.save_category(by=office, name="数据要素", limits=LIMITS)


def test_the_raise_form_offers_a_new_category(data_category):
    assert (data_category.code, "数据要素") in list(RaiseForm().fields["category"].choices)


def test_the_api_creates_a_case_in_a_new_category_and_names_it(client, contact, data_category):
    client.force_login(contact)
    response = client.post(
        "/api/cases/",
        {"title": "数据确权", "text": "企业数据资产入表无人指导", "category": data_category.code},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["category_name"] == "数据要素"
    listed = client.get("/api/cases/categories").json()
    assert {"code": data_category.code, "name": "数据要素"}.items() <= listed[-1].items()
    assert listed[-1]["answer_days"] == {"normal": 12, "urgent": 6, "critical": 3}


def test_the_api_refuses_a_deactivated_category_with_the_reason(client, contact, office):
    category = CaseCategory.objects.get(kind="problem", code="logistics")
    settings_services.save_category(
        by=office, category=category, version=category.version, name="物流",
        is_active=False, limits=LIMITS,
    )  # fmt: skip
    client.force_login(contact)
    response = client.post(
        "/api/cases/",
        {"title": "运费高", "text": "物流成本高", "category": "logistics"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "类别“物流”已停用" in response.json()["detail"]


def test_a_renamed_category_shows_in_the_ledger_export_and_stats(client, office, make_case):
    make_case("pending", category="logistics")
    category = CaseCategory.objects.get(kind="problem", code="logistics")
    settings_services.save_category(
        by=office, category=category, version=category.version, name="现代物流", limits=LIMITS
    )
    client.force_login(office)
    page = client.get("/cases/", {"category": "logistics"})
    assert "现代物流" in page.content.decode()
    assert ("logistics", "现代物流") in page.context["categories"]
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/cases/export/").content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = next(r for r in rows if r and "类别" in r)
    assert rows[-1][header.index("类别")] == "现代物流"
    stats = client.get("/cases/stats/")
    assert "现代物流" in stats.content.decode()
