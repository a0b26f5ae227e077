"""With the real queue, the request only stores the file: the worker reads and writes it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chainchief.enterprises.models import Enterprise
from chainchief.imports.models import Upload, UploadStatus
from tests.enterprises.fixtures.imports import ENTERPRISE_HEADERS, enterprise_row, write_xlsx
from tests.jobs.worker import run_worker_until_idle

pytestmark = pytest.mark.django_db


def test_preview_and_apply_wait_for_the_worker_and_the_page_polls(
    client, office, settings, tmp_path, monkeypatch
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(office)
    path = write_xlsx(
        tmp_path / "a.xlsx", ENTERPRISE_HEADERS, [enterprise_row(1), enterprise_row(2)]
    )

    response = client.post(
        "/imports/",
        {"kind": "enterprises", "file": SimpleUploadedFile("企业.xlsx", path.read_bytes())},
    )
    upload = Upload.objects.get()
    assert response["Location"] == f"/imports/{upload.pk}/"
    assert upload.status == UploadStatus.CHECKING
    page = client.get(f"/imports/{upload.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "import-apply" not in page

    run_worker_until_idle(monkeypatch)
    page = client.get(f"/imports/{upload.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "every 1s" not in page and 'id="import-apply"' in page
    client.post(f"/imports/{upload.pk}/apply/")
    upload.refresh_from_db()
    assert upload.status == UploadStatus.APPLYING and not Enterprise.objects.exists()

    run_worker_until_idle(monkeypatch)
    upload.refresh_from_db()
    assert upload.status == UploadStatus.APPLIED and Enterprise.objects.count() == 2
    assert "已导入：新增 2" in client.get(f"/imports/{upload.pk}/").content.decode()
