"""点评会材料: one .docx (ranking, every chain's scorecard and comment) and one .xlsx (a ranking
sheet and a sheet per chain), generated as a job into the 报告 list."""

from __future__ import annotations

import io

from django.core.files.storage import default_storage
from docx import Document
from openpyxl import load_workbook

from chainchief.reports import jobs, services
from chainchief.reports.models import Kind, Report


def test_the_meeting_pack_job_writes_docx_and_xlsx_with_the_ranking(city, computed_run):
    report = services.request_report(kind=Kind.MEETING, run=computed_run, by=city.office)
    job = jobs.start_report_job(report=report, user=city.office)
    report.refresh_from_db()
    assert job.status == "succeeded"
    assert (report.status, report.created_by) == (Report.Status.DONE, city.office)
    doc = Document(io.BytesIO(default_storage.open(report.file, "rb").read()))
    ranking = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert ranking[1][:4] == ["1", "输变电装备", "99", "优秀"]
    assert ranking[2][:4] == ["2", "新材料", "86", "较差"]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "1. 输变电装备（99 分，优秀）" in text
    assert "一票否决：重大安全事故（1）触发一票否决" in text
    assert "点评意见（草稿）：" in text
    wb = load_workbook(io.BytesIO(default_storage.open(report.xlsx, "rb").read()))
    assert wb.sheetnames == ["排名", "输变电装备", "新材料", "生物医药", "汽车零部件"]
    assert [c.value for c in wb["排名"][2]][:4] == [1, "输变电装备", 99, "优秀"]
    rows = list(wb["输变电装备"].iter_rows(values_only=True))
    assert ("产业规模", "规上工业总产值目标完成率", "亿元", 0.9) == rows[2][:4]


def test_a_chain_report_request_needs_a_valid_period(city):
    import pytest

    with pytest.raises(services.ReportError, match="考核期“2026Q5”格式不对"):
        services.request_report(
            kind=Kind.BRIEF, chain=city.chains["PWR"], period="2026Q5", by=city.office
        )
