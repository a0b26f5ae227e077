from __future__ import annotations

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from chainchief.accounts.models import Role
from chainchief.enterprises.models import Enterprise, MonthlyIndicator
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
URL = reverse("enterprises:import")


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


@pytest.fixture
def office(client):
    make_city()
    client.force_login(make_user(Role.CHAIN_OFFICE))
    return client


def _upload(tmp_path, rows, headers=ENTERPRISE_HEADERS, name="企业.xlsx"):
    path = write_xlsx(tmp_path / name, headers, rows)
    return SimpleUploadedFile(name, path.read_bytes())


def _preview(client, tmp_path, rows, kind="enterprises", **kwargs):
    return client.post(
        URL, {"action": "preview", "kind": kind, "file": _upload(tmp_path, rows, **kwargs)}
    )


@pytest.mark.parametrize(
    "role", [Role.CHAIN_CHIEF, Role.GENERAL_CHIEF, Role.DEPUTY_DIRECTOR, Role.DEPARTMENT_HANDLER,
             Role.ENTERPRISE_CONTACT, Role.AUDITOR],
)  # fmt: skip
def test_only_the_chain_office_may_import(client, role):
    client.force_login(make_user(role))

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"action": "apply", "token": "x" * 32}).status_code == 403
    assert (
        client.get(reverse("enterprises:import_template", args=["enterprises"])).status_code == 403
    )


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302 and "login" in response["Location"]


def test_the_page_offers_the_form(office):
    html = office.get(URL).content.decode()

    for element_id in (
        "import-file",
        "import-preview",
        "import-template-enterprises",
        "import-template-indicators",
    ):
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
    assert response.context["report"].errors[0].row == 3
    assert not Enterprise.objects.exists()


def test_preview_then_apply_imports_the_previewed_file(office, tmp_path, data_dir):
    response = _preview(office, tmp_path, [enterprise_row(1), enterprise_row(2)])
    assert 'id="import-apply"' in response.content.decode()
    assert response.context["report"].created == 2 and not Enterprise.objects.exists()
    token = response.context["token"]

    applied = office.post(URL, {"action": "apply", "token": token})

    assert applied.status_code == 200
    assert 'id="import-summary"' in applied.content.decode()
    assert applied.context["report"].applied
    assert Enterprise.objects.count() == 2
    assert not list((data_dir / "uploads").iterdir())  # the stored upload is gone
    again = office.post(URL, {"action": "apply", "token": token}, follow=True)
    assert "已失效" in again.content.decode() and Enterprise.objects.count() == 2


def test_a_token_from_another_session_is_refused(office, tmp_path):
    token = _preview(office, tmp_path, [enterprise_row(1)]).context["token"]
    other = Client()
    other.force_login(make_user(Role.CHAIN_OFFICE))

    response = other.post(URL, {"action": "apply", "token": token}, follow=True)

    assert "已失效" in response.content.decode()
    assert not Enterprise.objects.exists()


def test_indicators_import_from_the_page(office, tmp_path):
    office.post(
        URL,
        {
            "action": "apply",
            "token": _preview(office, tmp_path, [enterprise_row(1)]).context["token"],
        },
    )
    rows = [[code(1), "2026-03", "1.5亿", 100, 10, 30]]

    response = _preview(
        office, tmp_path, rows, kind="indicators", headers=INDICATOR_HEADERS, name="指标.xlsx"
    )
    office.post(URL, {"action": "apply", "token": response.context["token"]})

    assert MonthlyIndicator.objects.get().output_value == 15000


def test_an_unsupported_file_is_refused(office):
    upload = SimpleUploadedFile("企业.txt", b"hello")

    response = office.post(URL, {"action": "preview", "kind": "enterprises", "file": upload})

    assert response.status_code == 400 and "仅支持" in response.content.decode()
