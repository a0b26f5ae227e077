"""The annual report to the audit committee: started as a job, downloaded through the audit
module's check (the bureau and the committee only)."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from chainchief.accounts.access import access, scoped
from chainchief.audit import access as audit_access


@login_required
@access(scoped("audit"))
@require_POST
def annual_report(request: HttpRequest, year: int) -> HttpResponse:
    audit_access.require_sees_all(request.user)
    from chainchief.jobs.services import start_job

    job = start_job(kind="audit_report", title=f"{year}年度审计工作报告", user=request.user,
                    func_path="chainchief.audit.report.generate_annual_report",
                    params={"year": year})  # fmt: skip
    return redirect(job)


@login_required
@access(scoped("audit"))
def report_download(request: HttpRequest, year: int) -> HttpResponse:
    audit_access.require_sees_all(request.user)
    name = request.GET.get("file", "")
    if not re.fullmatch(rf"{year}-[0-9a-f]{{32}}\.docx", name):
        raise Http404("报告不存在")
    path = f"audit/reports/{name}"
    if not default_storage.exists(path):
        raise Http404("报告不存在")
    return FileResponse(default_storage.open(path, "rb"), as_attachment=True,
                        filename=f"{year}年度审计工作报告.docx")  # fmt: skip
