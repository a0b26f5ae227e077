from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chainchief.enterprises.importing import import_file
from chainchief.enterprises.models import Enterprise
from chainchief.imports.models import Upload
from tests.enterprises.fixtures.imports import ENTERPRISE_HEADERS, enterprise_row, write_xlsx

pytestmark = pytest.mark.django_db


def test_a_file_over_the_row_limit_is_refused_whole(city, settings, tmp_path):
    settings.CHAINCHIEF_IMPORT_MAX_ROWS = 2
    path = write_xlsx(
        tmp_path / "a.xlsx", ENTERPRISE_HEADERS, [enterprise_row(n) for n in (1, 2, 3)]
    )
    report = import_file(path, "enterprises", dry_run=False)
    assert [e.message for e in report.errors] == ["文件超过 2 行数据的上限，请分成多个文件导入"]
    assert not Enterprise.objects.exists()


def test_a_file_over_the_size_limit_is_refused_at_upload(client, office, settings):
    settings.CHAINCHIEF_IMPORT_MAX_BYTES = 1024 * 1024
    client.force_login(office)
    big = SimpleUploadedFile("企业.csv", b"x" * (1024 * 1024 + 1))
    response = client.post("/imports/", {"kind": "enterprises", "file": big})
    assert response.status_code == 400
    assert "超过 1 MB 的上限" in response.content.decode()
    assert not Upload.objects.exists()


def test_the_size_limit_holds_for_the_command_line_too(city, settings, tmp_path):
    settings.CHAINCHIEF_IMPORT_MAX_BYTES = 10
    path = write_xlsx(tmp_path / "a.xlsx", ENTERPRISE_HEADERS, [enterprise_row(1)])
    report = import_file(path, "enterprises")
    assert "的上限" in report.errors[0].message
