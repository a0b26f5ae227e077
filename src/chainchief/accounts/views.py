from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from chainchief.accounts import ledger, services
from chainchief.accounts.access import (
    LOG_READER,
    PUBLIC,
    SECURITY_ADMIN,
    SIGNED_IN,
    UNLOCKER,
    access,
)
from chainchief.accounts.forms import ChangePasswordForm, LoginForm
from chainchief.accounts.models import AdminDuty, ChangeLog, Role, SecurityEvent, User
from chainchief.accounts.scoping import can_manage_security
from chainchief.web.excel import xlsx_response

PAGE_SIZE = 50


@access(PUBLIC)
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


@access(SIGNED_IN)
class LogoutView(auth_views.LogoutView):
    pass


@access(SIGNED_IN)
class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = ChangePasswordForm
    success_url = reverse_lazy("accounts:password_change_done")


@access(SIGNED_IN)
class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        return None


def _period(request: HttpRequest, entries: QuerySet) -> tuple[QuerySet, str, str]:
    start, end = request.GET.get("from", ""), request.GET.get("to", "")
    if d := _date(start):
        entries = entries.filter(time__date__gte=d)
    if d := _date(end):
        entries = entries.filter(time__date__lte=d)
    return entries, start, end


def _changelog_entries(request: HttpRequest) -> tuple[QuerySet, dict]:
    entries = ChangeLog.objects.all()
    q = request.GET.get("q", "").strip()
    if q:
        entries = entries.filter(Q(object_repr__icontains=q) | Q(user_name__icontains=q))
    object_type = request.GET.get("type", "").strip()
    if object_type:
        from chainchief.places.selectors import changelog_labels

        # rows logged before a model moved app keep their old label (the log is hash-chained)
        entries = entries.filter(object_type__in=changelog_labels(object_type))
    action = request.GET.get("action", "").strip()
    if action in ChangeLog.Action.values:
        entries = entries.filter(action=action)
    op = _operation_param(request)
    if op:
        entries = entries.filter(operation=op)
    entries, start, end = _period(request, entries)
    filters = {"q": q, "type": object_type, "action": action, "from": start, "to": end, "op": op}
    return entries.order_by("-time", "-id"), filters


def _operation_param(request: HttpRequest) -> str:
    """The operation id asked for (?op=req-…/job-…/cmd-…); anything else is ignored."""
    value = request.GET.get("op", "").strip()
    return value if len(value) <= 64 and value.replace("-", "").isalnum() else ""


OPERATION_KINDS = {"req": _lazy("网页/接口请求"), "job": _lazy("后台任务"), "cmd": _lazy("命令行")}
ENTRIES_SHOWN_PER_OPERATION = 20


def _operation_groups(entries: QuerySet, page_number) -> tuple:
    """同一操作: one row per operation (request, job or command) with its entries."""
    groups = (
        entries.exclude(operation="")
        .values("operation")
        .annotate(started=Min("time"), ended=Max("time"), count=Count("id"), user=Max("user_name"))
        .order_by("-started", "-operation")
    )
    page = Paginator(groups, PAGE_SIZE).get_page(page_number)
    ops = [g["operation"] for g in page]
    by_op: dict[str, list[ChangeLog]] = {op: [] for op in ops}
    for entry in entries.filter(operation__in=ops).order_by("id"):
        if len(by_op[entry.operation]) < ENTRIES_SHOWN_PER_OPERATION:
            by_op[entry.operation].append(entry)
    for group in page:
        group["entries"] = by_op[group["operation"]]
        group["kind"] = OPERATION_KINDS.get(group["operation"].split("-", 1)[0], "")
    return page


@login_required
@access(LOG_READER)
def changelog(request: HttpRequest) -> HttpResponse:
    entries, filters = _changelog_entries(request)
    grouped = request.GET.get("group") == "1"
    if grouped:
        page = _operation_groups(entries, request.GET.get("page"))
    else:
        page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    types = (
        ChangeLog.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
    )
    return render(
        request,
        "accounts/changelog.html",
        {
            "page": page,
            "types": types,
            "actions": ChangeLog.Action.choices,
            "grouped": grouped,
            "shown_per_operation": ENTRIES_SHOWN_PER_OPERATION,
            "nav": "changelog",
            **filters,
        },
    )


@login_required
@access(LOG_READER)
def changelog_export(request: HttpRequest) -> HttpResponse:
    entries, _filters = _changelog_entries(request)
    rows = (
        (
            timezone.localtime(e.time),
            e.user_name,
            e.get_action_display(),
            e.object_type,
            e.object_id,
            e.object_repr,
            "；".join(f"{k}: {b} → {a}" for k, b, a in e.changed_fields()),
            e.operation,
        )
        for e in entries[:100_000]
    )
    return xlsx_response(
        "变更记录.xlsx",
        "变更记录",
        ["时间", "操作人", "操作", "对象类型", "对象编号", "对象", "变更内容", "操作编号"],
        rows,
    )


def _security_entries(request: HttpRequest) -> tuple[QuerySet, dict]:
    entries = SecurityEvent.objects.all()
    q = request.GET.get("q", "").strip()
    if q:
        entries = entries.filter(
            Q(subject_name__icontains=q) | Q(actor_name__icontains=q) | Q(ip__icontains=q)
        )
    kind = request.GET.get("kind", "").strip()
    if kind in SecurityEvent.Kind.values:
        entries = entries.filter(kind=kind)
    op = _operation_param(request)
    if op:
        entries = entries.filter(operation=op)
    entries, start, end = _period(request, entries)
    return entries.order_by("-id"), {"q": q, "kind": kind, "from": start, "to": end, "op": op}


@login_required
@access(LOG_READER)
def security_log(request: HttpRequest) -> HttpResponse:
    entries, filters = _security_entries(request)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/security_log.html",
        {
            "page": page,
            "kinds": SecurityEvent.Kind.choices,
            "verdict": ledger.verify(SecurityEvent),
            "nav": "security_log",
            **filters,
        },
    )


@login_required
@access(LOG_READER)
def security_log_export(request: HttpRequest) -> HttpResponse:
    entries, _filters = _security_entries(request)
    rows = (
        (
            e.seq,
            timezone.localtime(e.time),
            e.get_kind_display(),
            e.subject_name,
            e.actor_name,
            e.ip,
            ", ".join(f"{k}={v}" for k, v in (e.detail or {}).items()),
            e.operation,
            e.hash,
        )
        for e in entries[:100_000]
    )
    return xlsx_response(
        "安全日志.xlsx",
        "安全日志",
        ["序号", "时间", "事件", "对象账号", "操作人", "IP 地址", "详情", "操作编号", "哈希"],
        rows,
    )


@login_required
@access(UNLOCKER)
def users(request: HttpRequest) -> HttpResponse:
    """Accounts with their lock state; unlock (office, security administrator) and roles and
    duties (security administrator)."""
    found = User.objects.select_related("department").order_by("username")
    q = request.GET.get("q", "").strip()
    if q:
        found = found.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    if request.GET.get("locked") == "1":
        found = found.filter(locked_until__gt=timezone.now())
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/users.html",
        {
            "page": page,
            "q": q,
            "locked": request.GET.get("locked", ""),
            "now": timezone.now(),
            "can_set_roles": can_manage_security(request.user),
            "roles": Role.choices,
            "duties": AdminDuty.choices,
            "nav": "users",
        },
    )


@login_required
@require_POST
@access(UNLOCKER)
def unlock(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    services.unlock_user(user=user, by=request.user, request=request)
    messages.success(
        request, _("已解除“%(name)s”的锁定（已记入安全日志）") % {"name": user.username}
    )
    return redirect("accounts:users")


@login_required
@require_POST
@access(SECURITY_ADMIN)
def set_role(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    try:
        services.set_role(
            user=user,
            role=request.POST.get("role", ""),
            admin_duty=request.POST.get("admin_duty", ""),
            by=request.user,
        )
    except ValidationError as exc:
        messages.error(request, _("未修改：%(reason)s") % {"reason": "；".join(exc.messages)})
    else:
        messages.success(request, _("已修改“%(name)s”的角色和职责") % {"name": user.username})
    return redirect("accounts:users")
