from __future__ import annotations

import datetime
from pathlib import Path
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chainchief.accounts.access import SIGNED_IN, access, scoped
from chainchief.accounts.scoping import can_manage_city, get_job_for_user
from chainchief.jobs import selectors, services
from chainchief.jobs.models import JobStatus


@login_required
@access(SIGNED_IN)  # one's own jobs; the office may list everyone's
def job_list(request: HttpRequest) -> HttpResponse:
    show_all = request.GET.get("all") == "1" and can_manage_city(request.user)
    status = request.GET.get("status", "")
    if status not in JobStatus.values:
        status = ""
    jobs = selectors.jobs_of(request.user, status=status, mine_only=not show_all)
    page = Paginator(jobs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "jobs/list.html",
        {
            "nav": "jobs",
            "page": page,
            "status": status,
            "statuses": JobStatus.choices,
            "show_all": show_all,
            "can_show_all": can_manage_city(request.user),
        },
    )


@login_required
@access(scoped("job"))
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk=pk)
    template = "jobs/_status.html" if request.htmx else "jobs/detail.html"
    stale_queue = job.status == JobStatus.QUEUED and (
        timezone.now() - job.created_at
    ) > datetime.timedelta(seconds=10)
    return render(request, template, {"nav": "jobs", "job": job, "stale_queue": stale_queue})


@login_required
@access(scoped("job"))  # whoever may see a job (its owner, the office) may cancel it
@require_POST
def job_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk=pk)
    if job.is_finished:
        messages.info(request, _("任务已结束，无需取消。"))
    else:
        services.request_cancel(job=job, by=request.user)
        messages.success(request, _("已请求取消任务。"))
    return redirect("jobs:detail", pk=job.pk)


@login_required
@access(scoped("job"))
def job_file(request: HttpRequest, pk: int) -> FileResponse:
    job = get_job_for_user(request.user, pk=pk)
    if not job.result_file:
        raise Http404(_("该任务没有结果文件"))
    try:
        handle = job.result_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("结果文件已被清理")) from exc
    name = Path(job.result_file.name).name
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
