"""Pages of the supervision workflow. Access control first in every view."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from chainchief.accounts import scoping
from chainchief.accounts.access import OFFICE, SIGNED_IN, Rule, access, scoped
from chainchief.accounts.models import Role
from chainchief.accounts.scoping import editable_chains, visible_chains, visible_enterprises
from chainchief.casework import calendar, charts, selectors, services
from chainchief.casework.categories import category_names, ranking_top
from chainchief.casework.forms import ActForm, CalendarNoticeForm, RaiseForm, StaffRaiseForm
from chainchief.casework.kinds import kind_choices
from chainchief.casework.models import CalendarNotice, CaseAttachment, Notification, Source, State
from chainchief.core.values import parse_id
from chainchief.places.models import Department
from chainchief.web.excel import xlsx_response
from chainchief.web.fragments import cached_fragment
from chainchief.web.panels import installed_panels

PAGE_SIZE = 30
CASE_PANELS = ("pools/_case_panel.html",)


def _filter_context(request: HttpRequest, f: selectors.CaseFilters) -> dict:
    return {
        "f": f,
        "fq": f.query(),
        "kinds": kind_choices(),
        "states": State.choices,
        "categories": [(c.code, c.name) for c in selectors.filter_categories(f.kind)],
        "sources": Source.choices,
        "cards": selectors.CARD_FILTERS.items(),
        "chains": visible_chains(request.user).only("code", "name"),
        "departments": Department.objects.only("id", "name"),
    }


def _can_raise(user) -> bool:
    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    if user.role == Role.ENTERPRISE_CONTACT:
        return bool(user.enterprise_id)
    return scoping.can_manage_city(user) or editable_chains(user).exists()


# Enterprise contacts (their own enterprise) and whoever edits a chain raise cases.
RAISER = Rule("case_raiser", _can_raise)


@login_required
@access(SIGNED_IN)
def case_list(request: HttpRequest) -> HttpResponse:
    f = selectors.CaseFilters.from_query(request.GET)

    def render_body() -> str:
        # The filters (chains, departments, categories of the user's scope) render with the
        # rows into one cached fragment: a warm page reads none of them.
        page = selectors.case_page(request.user, f, request.GET.get("page"), PAGE_SIZE)
        context = {"page": page, "today": timezone.localdate(), **_filter_context(request, f)}
        return render_to_string("casework/_list_body.html", context, request)

    return render(
        request,
        "casework/list.html",
        {
            "body": cached_fragment(request, "cases", render_body),
            "nav": "casework",
            "can_raise": _can_raise(request.user),
        },
    )


LEDGER_HEADERS = [
    "编号", "类型", "标题", "诉求内容", "类别", "企业", "产业链", "层级", "紧急程度", "来源",
    "提出日期", "主办单位", "协办单位", "交办日期", "办理期限", "状态", "督办", "答复日期",
    "答复内容", "办结日期", "按时办结", "用时（工作日）", "回访评价", "评价意见", "重办次数",
    "退回次数", "延期次数",
]  # fmt: skip


def ledger_rows(qs):
    qs = qs.prefetch_related("units__department")
    names = category_names(None)
    for c in qs.iterator(chunk_size=1000):
        c.category_name = names.get(c.category, c.category)
        co = [u.department.name for u in c.units.all() if u.role == "co"]
        yield [
            c.number, c.kind_label, c.title, c.text, c.category_label,
            c.enterprise.name if c.enterprise else "（链上共性问题）",
            c.chain.name if c.chain else "", c.get_level_display(), c.urgency_label,
            c.get_source_display(), c.raised_on,
            c.lead_department.name if c.lead_department else "", co, c.assigned_on, c.due_on,
            c.get_state_display(), c.get_card_display() if c.card else "", c.answered_on,
            c.answer, c.closed_on,
            {True: "是", False: "否"}.get(c.closed_on_time, "") if c.state == State.CLOSED else "",
            c.working_days_used, c.get_rating_display() if c.rating else "", c.rating_comment,
            c.reopen_count, c.hand_back_count, c.extensions,
        ]  # fmt: skip


@login_required
@access(SIGNED_IN)
def case_export(request: HttpRequest) -> HttpResponse:
    qs = selectors.case_list(request.user, selectors.CaseFilters.from_query(request.GET))
    today = timezone.localdate()
    return xlsx_response(
        f"问题台账-{today:%Y%m%d}.xlsx",
        "问题台账",
        LEDGER_HEADERS,
        ledger_rows(qs),
        title=f"产业链问题交办台账（截至 {today:%Y年%m月%d日}）",
    )


@login_required
@access(RAISER)
def case_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    is_contact = user.role == Role.ENTERPRISE_CONTACT
    chains = list(editable_chains(user).only("code", "name")) if not is_contact else []
    form_class = RaiseForm if is_contact else StaffRaiseForm
    kwargs = {} if is_contact else {"chains": chains}
    form = form_class(request.POST or None, request.FILES or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enterprise = user.enterprise if is_contact else None
        chain = None
        if not is_contact:
            chain = next((c for c in chains if c.code == data["chain"]), None)
            if data["enterprise"]:
                enterprise = visible_enterprises(user).filter(name=data["enterprise"]).first()
                if enterprise is None:
                    form.add_error("enterprise", f"企业库中没有“{data['enterprise']}”")
        if not form.errors:
            try:
                case = services.create_case(
                    by=user,
                    title=data["title"],
                    text=data["text"],
                    category=data["category"],
                    urgency=data["urgency"],
                    enterprise=enterprise,
                    chain=chain,
                    source=Source.ENTERPRISE if is_contact else data["source"],
                    files=data["files"],
                )
            except services.CaseError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"已提交，编号 {case.number}，我们将在 1 个工作日内受理")
                return redirect("casework:detail", pk=case.pk)
    return render(
        request, "casework/new.html", {"form": form, "nav": "casework", "is_contact": is_contact}
    )


@login_required
@access(scoped("case"))
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.get_case_for_user(request.user, pk)
    actions = services.allowed_actions(case, request.user)
    return render(
        request,
        "casework/detail.html",
        {
            "case": case,
            "events": selectors.timeline(case),
            "units": case.units.select_related("department", "answered_by"),
            "actions": actions,
            "departments": Department.objects.only("id", "name"),
            "ratings": [("satisfied", "满意"), ("basic", "基本满意"), ("unsatisfied", "不满意")],
            "panels": installed_panels(CASE_PANELS),
            "today": timezone.localdate(),
            "nav": "casework",
        },
    )


@login_required
@require_POST
@access(scoped("case", write=True))
def case_act(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.get_case_for_user(request.user, pk)
    form = ActForm(request.POST, request.FILES)
    if not form.is_valid():
        first = next(iter(form.errors.items()))
        messages.error(request, f"输入有误：{first[0]} {first[1][0]}")
        return redirect("casework:detail", pk=case.pk)
    d = form.cleaned_data
    try:
        services.transition(
            case=case,
            action=d["action"],
            by=request.user,
            version=d["version"],
            comment=d["comment"],
            lead_department=d["lead_department"],
            co_departments=d["co_departments"],
            days=d["days"],
            rating=d["rating"],
            files=d["files"],
        )
    except services.CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已{case.events.last().label}")
    return redirect("casework:detail", pk=case.pk)


@login_required
@access(scoped("case"))
def attachment(request: HttpRequest, pk: int, att: int) -> FileResponse:
    case = selectors.get_case_for_user(request.user, pk)
    row = get_object_or_404(CaseAttachment, pk=att, case=case)
    if not default_storage.exists(row.path):
        raise Http404("附件文件不存在")
    return FileResponse(default_storage.open(row.path, "rb"), as_attachment=True, filename=row.name)


def _period(request: HttpRequest) -> tuple[datetime.date, datetime.date]:
    today = timezone.localdate()
    start = selectors._date(request.GET.get("start", "")) or today - datetime.timedelta(days=364)
    end = selectors._date(request.GET.get("end", "")) or today
    return start, end


@login_required
@access(SIGNED_IN)
def stats(request: HttpRequest) -> HttpResponse:
    start, end = _period(request)
    kind = request.GET.get("kind") or None
    chain = request.GET.get("chain") or ""

    def render_body() -> str:
        context = {
            **_stats_context(request.user, start=start, end=end, kind=kind, chain=chain),
            "start": start,
            "end": end,
            "kind": kind or "",
            "chain": chain,
            "kinds": kind_choices(),
            "chains": visible_chains(request.user).only("code", "name"),
        }
        return render_to_string("casework/_stats_body.html", context, request)

    return render(
        request,
        "casework/stats.html",
        {"body": cached_fragment(request, "case-stats", render_body), "nav": "casework"},
    )


def _stats_context(user, *, start, end, kind, chain) -> dict:
    scope = selectors.visible_cases(user)
    filters: dict = {"kind": kind, "start": start, "end": end}
    if chain:
        filters["chain_ids"] = list(
            visible_chains(user).filter(code=chain).values_list("id", flat=True)
        )
    by_month = selectors.case_stats_by("month", cases=scope, **filters)
    totals = selectors.total_of(by_month)  # the months add up: no second scan
    by_category = selectors.case_stats_by("category", cases=scope, **filters)
    by_department = selectors.case_stats_by("lead_department", cases=scope, **filters)
    by_chain = selectors.case_stats_by("chain", cases=scope, **filters)
    show_ranking = user.role != Role.ENTERPRISE_CONTACT
    top = ranking_top()
    # The ranking covers every case; when the page does too, its department rows are the same.
    city_wide = selectors.sees_every_case(user) and not chain
    red, black = (
        selectors.department_ranking(
            start=start, end=end, kind=kind, top=top,
            rows=[dict(r) for r in by_department] if city_wide else None,
        )
        if show_ranking
        else ([], [])
    )  # fmt: skip
    names = dict(Department.objects.values_list("id", "name"))
    chain_names = dict(visible_chains(user).values_list("id", "name"))
    for row in by_department:
        row["name"] = names.get(row["lead_department_id"], "未交办")
    by_chain = [r for r in by_chain if r["chain_id"] in chain_names]
    for row in by_chain:
        row["name"] = chain_names[row["chain_id"]]
    categories = category_names(kind) if kind else category_names(None)
    for row in by_category:
        row["name"] = categories.get(row["category"], row["category"]) or "未分类"
    return {
        "totals": totals,
        "by_department": by_department,
        "by_chain": by_chain,
        "by_category": by_category,
        "red": red,
        "black": black,
        "show_ranking": show_ranking,
        "ranking_top": top,
        "month_option": charts.month_option(by_month),
        "category_option": charts.category_option(by_category),
    }


def _sees_department_dashboard(user) -> bool:
    if not (user is not None and user.is_authenticated and user.is_active):
        return False
    return scoping.is_department_member(user) or user.is_superuser or user.role in scoping.SEE_ALL


# A department's own people (经办人, 部门负责人) see its dashboard; city-wide roles any department's.
DEPARTMENT_DASHBOARD = Rule("department_dashboard", _sees_department_dashboard)


@login_required
@access(DEPARTMENT_DASHBOARD)
def department_dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if scoping.is_department_member(user):
        department = user.department
    else:
        pk = parse_id(request.GET.get("department"))
        department = Department.objects.filter(pk=pk).first() if pk else None
    start, end = _period(request)
    context: dict = {
        "department": department,
        "departments": Department.objects.only("id", "name"),
        "can_pick": not scoping.is_department_member(user),
        "start": start,
        "end": end,
        "nav": "casework",
    }
    if department is not None:
        context.update(
            selectors.department_dashboard(
                department, cases=selectors.visible_cases(user), start=start, end=end
            )
        )
    return render(request, "casework/department.html", context)


@login_required
@access(SIGNED_IN)
def inbox(request: HttpRequest) -> HttpResponse:
    qs = Notification.objects.filter(user=request.user).select_related("case")
    if request.GET.get("unread"):
        qs = qs.filter(read_at__isnull=True)
    from django.core.paginator import Paginator

    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "casework/inbox.html", {"page": page, "nav": "inbox"})


@login_required
@access(SIGNED_IN)
def inbox_open(request: HttpRequest, pk: int) -> HttpResponse:
    note = get_object_or_404(Notification, pk=pk, user=request.user)
    if note.read_at is None:
        Notification.objects.filter(pk=note.pk).update(read_at=timezone.now())
    if note.case_id:
        return redirect("casework:detail", pk=note.case_id)
    return redirect("casework:inbox")


@login_required
@require_POST
@access(SIGNED_IN)
def inbox_read_all(request: HttpRequest) -> HttpResponse:
    n = Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    messages.success(request, f"已将 {n} 条消息标为已读")
    return redirect("casework:inbox")


@login_required
@access(OFFICE)
def calendar_notices(request: HttpRequest) -> HttpResponse:
    form = CalendarNoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.enter_calendar_notice(by=request.user, **form.cleaned_data)
        except services.CaseError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已保存 {form.cleaned_data['year']} 年工作日历")
            return redirect("casework:calendar")
    today = timezone.localdate()
    return render(
        request,
        "casework/calendar.html",
        {
            "form": form,
            "notices": CalendarNotice.objects.all(),
            "package_years": sorted(calendar.package_years()),
            "missing": calendar.missing_years(today),
            "nav": "casework",
        },
    )
