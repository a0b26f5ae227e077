"""Excel import in a real browser, at desktop width and at 390 px: a file with one bad row is
previewed (a background job; the page shows the outcome), the row is named with its reason
and nothing is written; the fixed file imports after a confirmation and the enterprise can
be found; the page never scrolls sideways."""

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


PHONE = {"width": 390, "height": 844}


def _fits(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1


@pytest.mark.parametrize("width", [1400, 390], ids=["desktop", "phone"])
def test_import_with_a_bad_row_then_fixed(page, live_server, tmp_path, width):
    if width == 390:
        page.set_viewport_size(PHONE)
    page.on("dialog", lambda dialog: dialog.accept())  # 确认导入 asks for confirmation
    DistrictFactory(code="430407", name="石鼓区")
    ChainFactory(code="E2E", name="浏览器测试产业链")
    make_user(Role.CHAIN_OFFICE, username="office_e2e")
    bad = _workbook(tmp_path / "企业导入-有错.xlsx", BAD_CODE)
    fixed = _workbook(tmp_path / "企业导入-已改.xlsx", FIXED_CODE)

    login(page, live_server, "office_e2e", PASSWORD)
    page.goto(url(live_server, "/enterprises/import/"))  # the old address leads to /imports/
    assert page.url.endswith("/imports/?kind=enterprises")
    _fits(page, width)

    # Preview the bad file: the error names row 3, the column and the reason; nothing written.
    _preview(page, bad)
    errors = page.wait_for_selector("#import-errors")
    text = errors.inner_text()
    assert "3" in text
    assert "统一社会信用代码" in text
    assert "校验位" in text
    assert FIRST not in text  # only the bad row is listed
    assert Enterprise.objects.count() == 0
    _fits(page, width)
    screenshot(page, f"import-errors-{width}")

    # The fixed file previews clean and imports both rows.
    page.goto(url(live_server, "/imports/"))
    _preview(page, fixed)
    page.wait_for_selector("#import-apply")
    assert (
        page.locator("#import-errors").count() == 0
        or "校验位" not in page.locator("#import-errors").inner_text()
    )
    assert Enterprise.objects.count() == 0  # a preview writes nothing
    with page.expect_navigation():
        page.click("#import-apply")
    page.wait_for_selector("#import-done")
    summary = page.wait_for_selector("#import-summary")
    assert summary.get_attribute("data-applied") == "1"
    assert summary.get_attribute("data-created") == "2"
    _fits(page, width)
    screenshot(page, f"import-done-{width}")
    assert set(Enterprise.objects.values_list("credit_code", flat=True)) == {GOOD_CODE, FIXED_CODE}

    # The new enterprise is in the library's search.
    page.goto(url(live_server, "/enterprises/?q=浏览器测试材料"))
    listing = page.locator("body").inner_text()
    assert SECOND in listing
    assert FIRST not in listing
