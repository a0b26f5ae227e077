"""`chainchief audit report 2026 -o 报告.docx` runs the report mechanism's job in the foreground:
the file is written and the report lands in the 报告 list, for the bureau's user only."""

import io
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from docx import Document

from chainchief.reports.models import Kind, Report

pytestmark = pytest.mark.django_db


def test_the_report_command_writes_the_file_and_lists_the_report(record, auditor, tmp_path,
                                                                 settings):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path / "media"
    record()
    out = tmp_path / "报告.docx"
    call_command("audit", "report", "2026", "-o", str(out), "--user", auditor.username,
                 stdout=StringIO())  # fmt: skip
    text = "\n".join(p.text for p in Document(io.BytesIO(out.read_bytes())).paragraphs)
    assert "共发现问题 1 个" in text
    report = Report.objects.get(kind=Kind.AUDIT_ANNUAL)
    assert (report.period, report.created_by, report.status) == ("2026", auditor, "done")


def test_the_report_command_refuses_a_unit_handler(handler, tmp_path):
    with pytest.raises(CommandError, match="无权"):
        call_command("audit", "report", "2026", "-o", str(tmp_path / "x.docx"),
                     "--user", handler.username)  # fmt: skip
    assert not Report.objects.exists()
