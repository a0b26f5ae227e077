from __future__ import annotations

import io

import openpyxl
import pytest

from chainchief.enterprises.importing import import_file, template_bytes
from chainchief.enterprises.models import Enterprise
from tests.enterprises.fixtures.imports import write_xlsx

pytestmark = pytest.mark.django_db


def _example_file(tmp_path, kind, office):
    wb = openpyxl.load_workbook(io.BytesIO(template_bytes(kind, office)))
    headers = [c.value for c in wb.worksheets[0][1]]
    notes = {row[0]: row[3] for row in wb["说明"].iter_rows(min_row=2, values_only=True) if row[0]}
    return write_xlsx(tmp_path / f"{kind}.xlsx", headers, [[notes[h] for h in headers]])


def test_the_enterprise_template_example_row_imports_cleanly(city, office, tmp_path):
    report = import_file(_example_file(tmp_path, "enterprises", office), "enterprises",
                         dry_run=False, user=office)  # fmt: skip
    assert report.errors == [] and report.created == 1
    enterprise = Enterprise.objects.get()
    assert {c.code for c in enterprise.chains.all()} == {city.grid.code}


def test_the_indicator_template_example_row_imports_cleanly(city, office, tmp_path):
    import_file(_example_file(tmp_path, "enterprises", office), "enterprises", dry_run=False)
    report = import_file(_example_file(tmp_path, "indicators", office), "indicators",
                         dry_run=False, user=office)  # fmt: skip
    assert report.errors == [] and report.created == 1
