"""Visits (走访记录), the portal's contact accounts, and the liaison network (联络网络)."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from chainchief.accounts.access import CHAIN_EDITOR, OFFICE, SIGNED_IN, access, scoped
from chainchief.accounts.models import Role, User
from chainchief.accounts.scoping import editable_enterprises, visible_chains, visible_enterprises
from chainchief.casework import services_portal
from chainchief.casework.categories import category_choices, check_category, default_category
from chainchief.casework.kinds import URGENCIES
from chainchief.casework.models import OPEN_STATES, Case, Visit, VisitPoint
from chainchief.casework.services import CaseError
from chainchief.enterprises.models import Contact, Enterprise
from chainchief.web.excel import xlsx_response


class VisitForm(forms.Form):
    enterprise = forms.CharField(label="企业名称", max_length=200)
    visited_on = forms.DateField(
        label="走访日期",
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=datetime.date.today,
    )
    visitors = forms.CharField(label="走访人员", max_length=200)
    met = forms.CharField(label="企业接待人员", max_length=200, required=False)
    notes = forms.CharField(
        label="走访情况", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    points = forms.CharField(
        label="企业反映的问题（每行一条）",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


def _visible_visits(user):
    return Visit.objects.filter(enterprise__in=visible_enterprises(user).values("id"))


@login_required
@access(SIGNED_IN)
def visit_list(request: HttpRequest) -> HttpResponse:
    qs = _visible_visits(request.user).select_related("enterprise", "chain", "by")
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(enterprise__name__icontains=q) | Q(notes__icontains=q))
    qs = qs.annotate(n_points=Count("points"), n_cases=Count("points__case")).order_by(
        "-visited_on", "-id"
    )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    can_log = editable_enterprises(request.user).exists()
    return render(
        request,
        "casework/visits.html",
        {"page": page, "q": q, "can_log": can_log, "nav": "visits"},
    )


@login_required
@access(CHAIN_EDITOR)
def visit_new(request: HttpRequest) -> HttpResponse:
    form = VisitForm(
        request.POST or None, initial={"enterprise": request.GET.get("enterprise", "")}
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        enterprise = editable_enterprises(request.user).filter(name=d["enterprise"]).first()
        if enterprise is None:
            form.add_error("enterprise", f"您负责的产业链中没有企业“{d['enterprise']}”")
        else:
            try:
                visit = services_portal.log_visit(
                    by=request.user,
                    enterprise=enterprise,
                    visited_on=d["visited_on"],
                    visitors=d["visitors"],
                    met=d["met"],
                    notes=d["notes"],
                    points=[(line, default_category()) for line in d["points"].splitlines()],
                )
            except CaseError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "已登记走访")
                return redirect("casework:visit", pk=visit.pk)
    return render(request, "casework/visit_form.html", {"form": form, "nav": "visits"})


@login_required
@access(scoped("enterprise"))
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    visit = _visible_visits(request.user).select_related("enterprise", "chain", "by").filter(pk=pk)
    visit = visit.first()
    if visit is None:
        raise Http404("走访记录不存在或无权查看")
    can_edit = editable_enterprises(request.user).filter(pk=visit.enterprise_id).exists()
    return render(
        request,
        "casework/visit.html",
        {
            "visit": visit,
            "points": visit.points.select_related("case"),
            "can_edit": can_edit,
            "categories": category_choices(),
            "urgencies": URGENCIES,
            "nav": "visits",
        },
    )


@login_required
@require_POST
@access(scoped("enterprise", write=True))
def point_to_case(request: HttpRequest, pk: int, point: int) -> HttpResponse:
    visit = _visible_visits(request.user).filter(pk=pk).first()
    if visit is None:
        raise Http404("走访记录不存在或无权查看")
    if not editable_enterprises(request.user).filter(pk=visit.enterprise_id).exists():
        raise PermissionDenied("无权将该走访问题转为事项")
    row = get_object_or_404(VisitPoint, pk=point, visit=visit)
    category = request.POST.get("category", row.category)
    problem = check_category("problem", category)
    if problem:
        messages.error(request, problem)
        return redirect("casework:visit", pk=visit.pk)
    row.category = category
    row.save(update_fields=["category"])
    try:
        case = services_portal.point_to_case(
            point=row, by=request.user, urgency=request.POST.get("urgency", "normal")
        )
    except CaseError as exc:
        messages.error(request, str(exc))
        return redirect("casework:visit", pk=visit.pk)
    messages.success(request, f"已转为事项 {case.number}")
    return redirect("casework:detail", pk=case.pk)


@login_required
@access(OFFICE)
def contacts(request: HttpRequest) -> HttpResponse:
    chain = request.GET.get("chain", "")
    q = request.GET.get("q", "").strip()
    people = Contact.objects.select_related("enterprise")
    if chain:
        people = people.filter(enterprise__chains__code=chain)
    if q:
        people = people.filter(Q(enterprise__name__icontains=q) | Q(name__icontains=q))
    accounts = User.objects.filter(role=Role.ENTERPRISE_CONTACT).select_related("enterprise")
    if q:
        accounts = accounts.filter(Q(enterprise__name__icontains=q) | Q(full_name__icontains=q))
    return render(
        request,
        "casework/contacts.html",
        {
            "people": Paginator(people.order_by("enterprise__name", "id"), 50).get_page(
                request.GET.get("page")
            ),
            "accounts": accounts.order_by("-is_active", "enterprise__name")[:200],
            "chains": visible_chains(request.user).only("code", "name"),
            "chain": chain,
            "q": q,
            "nav": "contacts",
        },
    )


@login_required
@require_POST
@access(OFFICE)
def invite(request: HttpRequest) -> HttpResponse:
    ids = [int(i) for i in request.POST.getlist("contact") if i.isdigit()]
    if not ids:
        messages.error(request, "请至少选择一位联系人")
        return redirect("casework:contacts")
    chosen = Contact.objects.filter(pk__in=ids).select_related("enterprise")
    made = services_portal.invite_contacts(contacts=chosen, by=request.user)
    if not made:
        messages.info(request, "所选联系人均已有账号（已停用的已重新启用）")
        return redirect("casework:contacts")
    rows = [[u.enterprise.name, u.full_name, u.phone, u.username, password] for u, password in made]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(
        f"企业联系人账号-{stamp}.xlsx",
        "账号",
        ["企业", "姓名", "电话", "用户名", "初始密码"],
        rows,
        title="企业联系人账号（初始密码仅显示一次，请妥善转交并提醒首次登录后修改）",
    )


@login_required
@require_POST
@access(OFFICE)
def deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    try:
        services_portal.deactivate_contact(user=user, by=request.user)
    except CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已停用 {user.display_name} 的账号")
    return redirect("casework:contacts")


@login_required
@access(SIGNED_IN)
def liaison(request: HttpRequest) -> HttpResponse:
    """The liaison network: per official, their enterprises, open cases and last visit."""
    if request.user.role == Role.ENTERPRISE_CONTACT:
        raise Http404("页面不存在")
    enterprises = Enterprise.objects.filter(
        pk__in=visible_enterprises(request.user).values("id"), liaison_official__isnull=False
    )
    rows = list(
        enterprises.values("liaison_official")
        .annotate(
            n=Count("id", distinct=True),
            last_visit=Max("visits__visited_on"),
        )
        .order_by("-n")
    )
    open_cases = dict(
        Case.objects.filter(enterprise__in=enterprises.values("id"), state__in=OPEN_STATES)
        .values_list("enterprise__liaison_official")
        .annotate(n=Count("id"))
    )
    users = {u.pk: u for u in User.objects.filter(pk__in=[r["liaison_official"] for r in rows])}
    for r in rows:
        r["official"] = users.get(r["liaison_official"])
        r["open_cases"] = open_cases.get(r["liaison_official"], 0)
    official = request.GET.get("official", "")
    detail = []
    if official.isdigit():
        detail = list(
            enterprises.filter(liaison_official_id=int(official))
            .annotate(
                open_cases=Count("cases", filter=Q(cases__state__in=OPEN_STATES), distinct=True),
                last_visit=Max("visits__visited_on"),
            )
            .order_by("name")
        )
    return render(
        request,
        "casework/liaison.html",
        {"rows": rows, "detail": detail, "official": official, "nav": "liaison"},
    )
