"""Damaged or hostile files are answered with a Chinese message, never a server error."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from chainchief.enterprises.importing import import_file
from chainchief.enterprises.models import Enterprise
from tests.enterprises.fixtures.imports import ENTERPRISE_HEADERS, enterprise_row, write_xlsx

pytestmark = pytest.mark.django_db


def _rewrite_sheet(path: Path, change) -> Path:
    """Edit the first sheet's XML of an .xlsx written by openpyxl."""
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    name = "xl/worksheets/sheet1.xml"
    parts[name] = change(parts[name].decode()).encode()
    out = path.with_name("hostile.xlsx")
    with zipfile.ZipFile(out, "w") as z:
        for part, data in parts.items():
            z.writestr(part, data)
    return out


@pytest.fixture
def good_xlsx(city, tmp_path):
    return write_xlsx(tmp_path / "a.xlsx", ENTERPRISE_HEADERS, [enterprise_row(1)])


def _only_error(path, filename="企业.xlsx") -> str:
    report = import_file(path, "enterprises", dry_run=False, filename=filename)
    assert not report.applied and not Enterprise.objects.exists()
    assert len(report.errors) == 1, report.errors
    return report.errors[0].message


def test_a_file_that_is_not_a_zip(tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"this is not a spreadsheet")
    assert _only_error(path) == "无法读取 Excel 文件，请确认是 .xlsx 格式且未损坏"


def test_a_shared_string_index_that_does_not_exist(good_xlsx):
    def bad_index(xml: str) -> str:
        xml = re.sub(r'<c r="A2" t="inlineStr"><is><t>[^<]*</t></is></c>',
                     '<c r="A2" t="s"><v>99999</v></c>', xml)  # fmt: skip
        return re.sub(r'<c r="A2"[^>]*>.*?</c>', '<c r="A2" t="s"><v>99999</v></c>', xml)

    message = _only_error(_rewrite_sheet(good_xlsx, bad_index))
    assert message.startswith("Excel 文件已损坏：单元格 A2 的内容无法读取")


def test_an_absurd_cell_reference(good_xlsx):
    message = _only_error(_rewrite_sheet(good_xlsx, lambda x: x.replace('r="B2"', 'r="XFD2"', 1)))
    assert "超出范围" in message and "XFD2" in message


def test_an_absurd_row_number(good_xlsx):
    message = _only_error(
        _rewrite_sheet(good_xlsx, lambda x: x.replace('<row r="2"', '<row r="99999999999"', 1))
    )
    assert "超出 Excel 的范围" in message


def test_a_sheet_whose_xml_is_broken(good_xlsx):
    message = _only_error(_rewrite_sheet(good_xlsx, lambda x: x.replace("</sheetData>", "")))
    assert message == "Excel 文件已损坏，无法读取，请在 Excel 中另存为 .xlsx 后重试"


def test_a_csv_with_a_nul_byte(city, tmp_path):
    path = tmp_path / "x.csv"
    row = enterprise_row(1, 企业名称="衡阳\x00电气有限公司")
    path.write_text(",".join(ENTERPRISE_HEADERS) + "\n" + ",".join(str(v) for v in row) + "\n")
    report = import_file(path, "enterprises", dry_run=False)
    assert [str(e) for e in report.errors] == [
        "第 2 行，企业名称：含有无效的控制字符（NUL），请检查文件"
    ]
    assert not Enterprise.objects.exists()


def test_a_missing_file(tmp_path):
    assert _only_error(tmp_path / "nope.xlsx") == "无法打开文件“企业.xlsx”"


def test_the_upload_page_answers_a_hostile_file_with_the_message(client, office, tmp_path):
    client.force_login(office)
    data = io.BytesIO(b"PK\x03\x04 broken zip")
    data.name = "企业.xlsx"
    page = client.post("/imports/", {"kind": "enterprises", "file": data}, follow=True)
    assert page.status_code == 200
    assert "无法读取 Excel 文件" in page.content.decode()
