"""Excel import in a real browser: a file with one bad row is previewed, the row is named with
its reason and nothing is written; the fixed file imports and the enterprise can be found."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from chainchief.accounts.models import Role
from chainchief.enterprises.models import Enterprise
from chainchief.enterprises.validators import make_credit_code
from tests.e2e.conftest import login, screenshot, url
from tests.factories import PASSWORD, ChainFactory, DistrictFactory, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

HEADERS = ["企业名称", "统一社会信用代码", "行政区划代码", "所属产业链", "主要产品"]
GOOD_CODE = make_credit_code("91430407MA4L9E2E1")
FIXED_CODE = make_credit_code("91430407MA4L9E2E2")
# The same first 17 characters with a wrong check character.
BAD_CODE = FIXED_CODE[:17] + ("0" if FIXED_CODE[17] != "0" else "1")
FIRST, SECOND = "衡阳浏览器测试电气有限公司", "衡阳浏览器测试材料有限公司"


def _workbook(path: Path, second_code: str) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "企业"
    ws.append(HEADERS)
    ws.append([FIRST, GOOD_CODE, "430407", "E2E", "油浸式变压器、干式变压器"])
    ws.append([SECOND, second_code, "430407", "E2E", "硬质合金"])  # Excel row 3
    wb.save(path)
    return path


def _preview(page, path: Path) -> None:
    if page.locator("#import-kind").count():
        page.select_option("#import-kind", "enterprises")
    page.set_input_files("#import-file", str(path))
    with page.expect_navigation():
        page.click("#import-preview")


def test_import_with_a_bad_row_then_fixed(page, live_server, tmp_path):
    DistrictFactory(code="430407", name="石鼓区")
    ChainFactory(code="E2E", name="浏览器测试产业链")
    make_user(Role.CHAIN_OFFICE, username="office_e2e")
    bad = _workbook(tmp_path / "企业导入-有错.xlsx", BAD_CODE)
    fixed = _workbook(tmp_path / "企业导入-已改.xlsx", FIXED_CODE)

    login(page, live_server, "office_e2e", PASSWORD)
    page.goto(url(live_server, "/enterprises/import/"))

    # Preview the bad file: the error names row 3, the column and the reason; nothing written.
    _preview(page, bad)
    errors = page.wait_for_selector("#import-errors")
    text = errors.inner_text()
    assert "3" in text
    assert "统一社会信用代码" in text
    assert "校验位" in text
    assert FIRST not in text  # only the bad row is listed
    assert Enterprise.objects.count() == 0
    screenshot(page, "import-errors")

    # The fixed file previews clean and imports both rows.
    _preview(page, fixed)
    page.wait_for_selector("#import-apply")
    assert (
        page.locator("#import-errors").count() == 0
        or "校验位" not in page.locator("#import-errors").inner_text()
    )
    assert Enterprise.objects.count() == 0  # a preview writes nothing
    with page.expect_navigation():
        page.click("#import-apply")
    summary = page.wait_for_selector("#import-summary")
    assert "2" in summary.inner_text()
    assert summary.get_attribute("data-applied") in (None, "1")
    screenshot(page, "import-done")
    assert set(Enterprise.objects.values_list("credit_code", flat=True)) == {GOOD_CODE, FIXED_CODE}

    # The new enterprise is in the library's search.
    page.goto(url(live_server, "/enterprises/?q=浏览器测试材料"))
    listing = page.locator("body").inner_text()
    assert SECOND in listing
    assert FIRST not in listing
