"""The registry is imported on the import page like every list: upload, preview job,
确认导入, apply job; the registry page links there and shows the result."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from chainchief.accounts.models import Role
from chainchief.enterprises.validators import make_credit_code
from chainchief.imports.models import Upload, UploadStatus
from chainchief.knowledge.models import UniverseCompany
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def client_for(role: str) -> Client:
    client = Client()
    client.force_login(make_user(role))
    return client


def test_the_office_previews_and_applies_a_registry_on_the_import_page(
    mini_graph, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    office = client_for(Role.CHAIN_OFFICE)
    assert "/imports/?kind=universe" in office.get("/knowledge/universe/").content.decode()
    code = make_credit_code("91430405MA4L12345")
    upload = SimpleUploadedFile(
        "名录.csv", f"企业名称,统一社会信用代码,经营范围\n甲公司,{code},铜线生产\n".encode()
    )
    response = office.post("/imports/", {"kind": "universe", "file": upload})
    record = Upload.objects.get()
    assert response["Location"] == f"/imports/{record.pk}/"
    assert record.status == UploadStatus.CHECKED and UniverseCompany.objects.count() == 0
    office.post(f"/imports/{record.pk}/apply/")
    record.refresh_from_db()
    assert record.status == UploadStatus.APPLIED and not record.file
    assert UniverseCompany.objects.get().name == "甲公司"
    page = office.get("/knowledge/universe/?q=甲").content.decode()
    assert "甲公司" in page and code in page


def test_a_bad_row_is_listed_on_the_preview_and_cannot_be_applied(mini_graph, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    office = client_for(Role.CHAIN_OFFICE)
    upload = SimpleUploadedFile(
        "名录.csv", "企业名称,统一社会信用代码,经营范围\n甲公司,123,铜线\n".encode()
    )
    office.post("/imports/", {"kind": "universe", "file": upload})
    record = Upload.objects.get()
    assert record.status == UploadStatus.FAILED
    assert "统一社会信用代码" in office.get(f"/imports/{record.pk}/").content.decode()
    office.post(f"/imports/{record.pk}/apply/")
    assert UniverseCompany.objects.count() == 0


def test_a_wrong_file_type_is_refused_with_a_message(mini_graph, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("名录.txt", b"x")
    response = client_for(Role.CHAIN_OFFICE).post("/imports/", {"kind": "universe", "file": upload})
    assert response.status_code == 400
    assert "仅支持 .xlsx、.csv 或 .parquet 文件" in response.content.decode()
    assert Upload.objects.count() == 0


def test_only_the_office_may_import(mini_graph):
    upload = SimpleUploadedFile("名录.csv", b"x")
    response = client_for(Role.CHAIN_CHIEF).post("/imports/", {"kind": "universe", "file": upload})
    assert response.status_code in (403, 404)
    assert Upload.objects.count() == 0
    page = client_for(Role.CHAIN_CHIEF).get("/knowledge/universe/").content.decode()
    assert "/imports/?kind=universe" not in page
