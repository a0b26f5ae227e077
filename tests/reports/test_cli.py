"""chainchief report chain CODE --period … -o file.docx and report meeting --run ID -o pack.docx."""

from __future__ import annotations

import io

from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from chainchief.reports.models import Report


def test_report_chain_writes_the_brief_and_lists_it(city, tmp_path):
    target = tmp_path / "专题汇报.docx"
    call_command(
        "report",
        "chain",
        "NEW",
        "--period",
        "2026Q3",
        "-o",
        str(target),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    text = "\n".join(p.text for p in Document(str(target)).paragraphs)
    # 2000 万元 × 9 = 1.8 亿元, +25 % on 1.44 亿元
    assert "全链规上工业总产值 1.8 亿元，同比增长 25.0%" in text
    report = Report.objects.get()
    assert (report.kind, report.chain, report.status) == ("brief", city.chains["NEW"], "done")


def test_report_meeting_writes_docx_and_xlsx_beside_it(city, computed_run, tmp_path):
    target = tmp_path / "pack.docx"
    call_command(
        "report",
        "meeting",
        "--run",
        str(computed_run.pk),
        "-o",
        str(target),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert Document(str(target)).tables[0].rows[1].cells[1].text == "输变电装备"
    assert load_workbook(tmp_path / "pack.xlsx").sheetnames[0] == "排名"
    assert Report.objects.get().run == computed_run
