"""Every .xlsx the app writes keeps text that starts like a formula as text (issue 7)."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command

from chainchief.accounts.models import Role
from chainchief.projects import services
from chainchief.projects.models import Kind, Stage
from chainchief.web.excel import xlsx_response
from tests.factories import ChainFactory, EnterpriseFactory, make_user

pytestmark = pytest.mark.django_db

ATTACK = '=HYPERLINK("http://x","y")'


@pytest.fixture
def hostile_city():
    chain = ChainFactory(code="PWR", name="输变电装备")
    office = make_user(Role.CHAIN_OFFICE, "office")
    enterprise = EnterpriseFactory(name=ATTACK, main_products="+1+2", business_scope="@SUM(A1)")
    enterprise.chains.add(chain)
    common = {"chain": chain, "investor_name": "-2+3", "source_region": "\t=1+1"}
    services.create_project(by=office, name=ATTACK, kind=Kind.MAJOR, stage=Stage.STARTED,
                            planned_investment=Decimal("100"), **common)  # fmt: skip
    services.create_project(by=office, name=ATTACK + "招商", kind=Kind.ATTRACTION, is_key=True,
                            **common)  # fmt: skip
    return office


def _formula_cells(data: bytes) -> list[str]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return [
        f"{ws.title}!{cell.coordinate}"
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def _texts(data: bytes) -> set[str]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return {c.value for ws in wb.worksheets for r in ws.iter_rows() for c in r if c.value}


EXPORT_URLS = [
    "/enterprises/export.xlsx",
    "/projects/export.xlsx",
    "/projects/lists/major.xlsx",
    "/projects/lists/key.xlsx",
]


@pytest.mark.parametrize("url", EXPORT_URLS)
def test_an_export_writes_a_formula_like_name_as_text(client, hostile_city, url):
    client.force_login(hostile_city)
    response = client.get(url)
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    assert _formula_cells(data) == []
    assert any(str(v).startswith(ATTACK) for v in _texts(data))


def _export_routes() -> list[str]:
    """Every parameterless export URL of every app (a new export is covered by itself)."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found: list[str] = []

    def walk(patterns, prefix=""):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route)
            elif isinstance(p, URLPattern) and ("export" in route or ".xlsx" in route):
                route = route.replace("<int:year>", "2026").replace("<str:kind>.xlsx", "key.xlsx")
                if "<" not in route and "template" not in route:
                    found.append("/" + route.lstrip("^").rstrip("$"))

    walk(get_resolver().url_patterns)
    return found


def test_every_parameterless_export_writes_no_formula(client, hostile_city):
    client.force_login(hostile_city)
    routes = _export_routes()
    assert {"/enterprises/export.xlsx", "/projects/export.xlsx", "/projects/lists/key.xlsx"} <= set(
        routes
    )
    for url in routes:
        response = client.get(url)
        assert response.status_code in (200, 404), url  # 404: no audit plan for that year
        if "spreadsheetml" in response.get("Content-Type", ""):
            data = b"".join(response.streaming_content) if response.streaming else response.content
            assert _formula_cells(data) == [], url


def test_the_enterprise_export_command_writes_no_formula(hostile_city, tmp_path: Path):
    out = tmp_path / "企业.xlsx"
    call_command("enterprises", "export", str(out))
    assert _formula_cells(out.read_bytes()) == []
    assert ATTACK in _texts(out.read_bytes())


@pytest.mark.parametrize("lead", ["=1+1", "+1", "-1", "@A1", "\tx", "\rx"])
def test_the_writer_keeps_every_formula_lead_as_text(lead):
    data = xlsx_response("x.xlsx", "表", ["列"], [[lead]]).content
    assert _formula_cells(data) == []
    assert openpyxl.load_workbook(io.BytesIO(data)).active["A2"].value == lead


def test_characters_xml_cannot_hold_do_not_break_a_download():
    data = xlsx_response(
        "x.xlsx", "表", ["列"], [["企业\x01名称", datetime.date(2026, 1, 2)]]
    ).content
    assert openpyxl.load_workbook(io.BytesIO(data)).active["A2"].value == "企业名称"


def test_no_module_builds_a_workbook_outside_the_one_writer():
    src = Path(__file__).resolve().parents[2] / "src" / "chainchief"
    offenders = [
        str(path.relative_to(src))
        for path in src.rglob("*.py")
        if path.name != "excel.py" and re.search(r"\bWorkbook\(", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
