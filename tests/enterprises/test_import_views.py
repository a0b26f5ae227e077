"""The enterprise library's import through the one import page (/imports/)."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from chainchief.accounts.models import Role
from chainchief.enterprises.models import Enterprise, MonthlyIndicator
from chainchief.imports.models import Upload, UploadStatus
from tests.enterprises.fixtures.imports import (
    ENTERPRISE_HEADERS,
    INDICATOR_HEADERS,
    code,
    enterprise_row,
    make_city,
    write_xlsx,
)
from tests.factories import make_user

pytestmark = pytest.mark.django_db
URL = reverse("imports:home")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def office(client):
    make_city()
    client.force_login(make_user(Role.CHAIN_OFFICE))
    return client


def _upload(tmp_path, rows, headers=ENTERPRISE_HEADERS, name="企业.xlsx"):
    path = write_xlsx(tmp_path / name, headers, rows)
    return SimpleUploadedFile(name, path.read_bytes())


def _preview(client, tmp_path, rows, kind="enterprises", **kwargs):
    response = client.post(URL, {"kind": kind, "file": _upload(tmp_path, rows, **kwargs)})
    assert response.status_code == 302, response.content.decode()[:500]
    return client.get(response["Location"])


@pytest.mark.parametrize(
    "role", [Role.GENERAL_CHIEF, Role.DEPARTMENT_HANDLER, Role.ENTERPRISE_CONTACT, Role.AUDITOR],
)  # fmt: skip
def test_only_the_chain_office_may_import_enterprises(client, role, tmp_path):
    make_city()
    client.force_login(make_user(role))

    page = client.get(URL)  # 403, or a page without the enterprise lists (other apps' specs)
    assert page.status_code == 403 or 'value="enterprises"' not in page.content.decode()
    assert (
        client.post(URL, {"kind": "enterprises", "file": _upload(tmp_path, [])}).status_code == 403
    )
    assert client.get(reverse("imports:template", args=["enterprises"])).status_code == 403
    assert not Upload.objects.exists()


def test_the_old_address_leads_to_the_one_import_page(office):
    response = office.get(reverse("enterprises:import") + "?kind=indicators")

    assert response.status_code == 302 and response["Location"] == URL + "?kind=indicators"


def test_the_page_offers_the_form_and_both_templates(office):
    html = office.get(URL).content.decode()

    for element_id in ("import-file", "import-preview", "import-template-enterprises",
                       "import-template-indicators"):  # fmt: skip
        assert f'id="{element_id}"' in html


@pytest.mark.parametrize(
    "kind,headers", [("enterprises", ENTERPRISE_HEADERS), ("indicators", INDICATOR_HEADERS)]
)
def test_it_downloads_the_template(office, kind, headers):
    response = office.get(reverse("enterprises:import_template", args=[kind]))

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    wb = load_workbook(BytesIO(response.content))
    assert [c.value for c in wb.worksheets[0][1]] == headers
    assert wb.sheetnames[1] == "说明"


def test_a_preview_with_a_bad_row_shows_the_error_and_imports_nothing(office, tmp_path):
    response = _preview(
        office, tmp_path, [enterprise_row(1), enterprise_row(2, 行政区划代码="999999")]
    )

    html = response.content.decode()
    assert 'id="import-errors"' in html and 'id="import-apply"' not in html
    assert "行政区划代码" in html and "省级代码无效" in html
    assert response.context["report"]["errors"][0][0] == 3
    assert not Enterprise.objects.exists()
    upload = Upload.objects.get()
    assert upload.status == UploadStatus.FAILED and not upload.file  # the file is not kept


def test_preview_then_apply_imports_the_previewed_file(office, tmp_path, media):
    response = _preview(office, tmp_path, [enterprise_row(1), enterprise_row(2)])
    assert 'id="import-apply"' in response.content.decode()
    assert response.context["report"]["created"] == 2 and not Enterprise.objects.exists()
    upload = response.context["upload"]

    applied = office.post(reverse("imports:apply", args=[upload.pk]), follow=True)

    assert 'id="import-done"' in applied.content.decode()
    assert Enterprise.objects.count() == 2
    upload.refresh_from_db()
    assert upload.status == UploadStatus.APPLIED and not upload.file
    assert not [p for p in media.rglob("*") if p.is_file()]  # the stored file is gone
    again = office.post(reverse("imports:apply", args=[upload.pk]), follow=True)
    assert "不能导入" in again.content.decode() and Enterprise.objects.count() == 2


def test_another_user_cannot_see_or_confirm_an_upload(office, tmp_path, client):
    upload = _preview(office, tmp_path, [enterprise_row(1)]).context["upload"]
    other = make_user(Role.CHAIN_CHIEF)
    client.force_login(other)

    assert client.get(reverse("imports:upload", args=[upload.pk])).status_code == 404
    assert client.post(reverse("imports:apply", args=[upload.pk])).status_code == 404
    assert not Enterprise.objects.exists()


def test_indicators_import_from_the_page(office, tmp_path):
    upload = _preview(office, tmp_path, [enterprise_row(1)]).context["upload"]
    office.post(reverse("imports:apply", args=[upload.pk]))
    rows = [[code(1), "2026-03", "1.5亿", 100, 10, 30]]

    response = _preview(
        office, tmp_path, rows, kind="indicators", headers=INDICATOR_HEADERS, name="指标.xlsx"
    )
    office.post(reverse("imports:apply", args=[response.context["upload"].pk]))

    assert MonthlyIndicator.objects.get().output_value == 15000


def test_an_unsupported_file_is_refused(office):
    upload = SimpleUploadedFile("企业.txt", b"hello")

    response = office.post(URL, {"kind": "enterprises", "file": upload})

    assert response.status_code == 400 and "仅支持" in response.content.decode()
    assert not Upload.objects.exists()
