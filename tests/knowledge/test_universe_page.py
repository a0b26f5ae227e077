"""The office uploads a registry on the page; it is imported by a background job."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from chainchief.accounts.models import Role
from chainchief.enterprises.validators import make_credit_code
from chainchief.jobs.models import Job
from chainchief.knowledge.models import UniverseCompany
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def client_for(role: str) -> Client:
    client = Client()
    client.force_login(make_user(role))
    return client


def test_the_office_uploads_a_registry_and_lands_on_its_job(mini_graph, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    code = make_credit_code("91430405MA4L12345")
    upload = SimpleUploadedFile(
        "名录.csv", f"企业名称,统一社会信用代码,经营范围\n甲公司,{code},铜线生产\n".encode()
    )
    response = client_for(Role.CHAIN_OFFICE).post("/knowledge/universe/", {"file": upload})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.status == "succeeded" and job.result["matched"] == 1
    assert UniverseCompany.objects.get().name == "甲公司"
    page = client_for(Role.CHAIN_OFFICE).get("/knowledge/universe/?q=甲").content.decode()
    assert "甲公司" in page and code in page


def test_a_wrong_file_type_is_refused_with_a_message(mini_graph, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("名录.txt", b"x")
    response = client_for(Role.CHAIN_OFFICE).post(
        "/knowledge/universe/", {"file": upload}, follow=True
    )
    assert "不支持的文件类型“.txt”" in response.content.decode()
    assert Job.objects.count() == 0


def test_only_the_office_may_import(mini_graph):
    upload = SimpleUploadedFile("名录.csv", b"x")
    response = client_for(Role.CHAIN_CHIEF).post("/knowledge/universe/", {"file": upload})
    assert response.status_code in (403, 404)
    assert Job.objects.count() == 0
