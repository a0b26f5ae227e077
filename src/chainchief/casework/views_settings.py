"""The workflow's settings in the settings area (系统设置): the categories of each kind (问题类别,
with their answer limits per urgency) and the size of the 红黑榜. Same rule as the rest of
the settings area (`SETTINGS_EDITOR`: the chain office or the system administrator); writes
through `services_settings` (versioned, change-logged)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from chainchief.accounts.access import SETTINGS_EDITOR, access
from chainchief.casework import categories as reads
from chainchief.casework import services_settings as writes
from chainchief.casework.kinds import URGENCIES, all_kinds, get_kind
from chainchief.casework.models import Case, CaseCategory
from chainchief.casework.services import CaseError, answer_limit
from chainchief.core.values import parse_id, query_text
from chainchief.web.excel import xlsx_response

PAGE_SIZE = 50


class CategoryForm(forms.Form):
    name = forms.CharField(label="名称", max_length=writes.NAME_MAX)
    sort = forms.CharField(label="排序", required=False, help_text="数字越小越靠前；留空排在最后")
    is_active = forms.BooleanField(
        label="启用", required=False, initial=True, help_text="停用后不再供新事项选择，历史事项不变"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for code, label in URGENCIES:
            self.fields[f"days_{code}"] = forms.CharField(
                label=f"{label}事项答复时限（工作日）", help_text="1 至 120 个工作日"
            )

    def limits(self) -> dict[str, str]:
        return {code: self.cleaned_data[f"days_{code}"] for code, _ in URGENCIES}


class RankingForm(forms.Form):
    ranking_top = forms.CharField(
        label="红黑榜名额（前后各 N 名）",
        help_text="1 至 20；部门排名的前 N 名列红榜、后 N 名列黑榜",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


def _kinds() -> list[tuple[str, str]]:
    """Kinds that keep categories: those declaring them and those with rows."""
    with_rows = set(CaseCategory.objects.values_list("kind", flat=True).distinct())
    return [(k.code, str(k.label)) for k in all_kinds() if k.categories or k.code in with_rows]


def _kind(request: HttpRequest) -> str:
    kind = query_text(request.GET, "kind", max_length=30) or "problem"
    return kind if kind in dict(_kinds()) else "problem"


HEADERS = [
    "排序",
    "名称",
    "代码",
    "启用",
    *[f"{label}（工作日）" for _, label in URGENCIES],
    "使用事项数",
]


@login_required
@access(SETTINGS_EDITOR)
def category_list(request: HttpRequest) -> HttpResponse:
    kind = _kind(request)
    q = query_text(request.GET, "q", max_length=40)
    rows = reads.category_rows(kind)
    if q:
        rows = [r for r in rows if q.lower() in r.name.lower() or q.lower() in r.code.lower()]
    used = dict(
        Case.objects.filter(kind=kind, category__in=[r.code for r in rows])
        .order_by()
        .values_list("category")
        .annotate(n=Count("id"))
    )
    for row in rows:
        row.used = used.get(row.code, 0)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "问题类别.xlsx",
            "问题类别",
            HEADERS,
            (
                [r.sort, r.name, r.code, "是" if r.is_active else "否"]
                + [r.answer_days[u] for u, _ in URGENCIES]
                + [r.used]
                for r in rows
            ),
        )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "casework/settings/categories.html",
        {
            "page": page,
            "q": q,
            "kind": kind,
            "kinds": _kinds(),
            "urgencies": URGENCIES,
            "nav": "settings",
        },
    )


@login_required
@access(SETTINGS_EDITOR)
def category_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    category = get_object_or_404(CaseCategory, pk=pk) if pk else None
    kind = category.kind if category else _kind(request)
    if category is not None:
        initial = {
            "name": category.name,
            "sort": category.sort,
            "is_active": category.is_active,
            "version": category.version,
        }
        days = reads.category_rows(kind)
        current = next((r for r in days if r.pk == category.pk), None)
        for code, _ in URGENCIES:
            initial[f"days_{code}"] = current.answer_days[code] if current else ""
    else:
        spec = get_kind(kind)
        initial = {"is_active": True}
        for code, _ in URGENCIES:
            initial[f"days_{code}"] = answer_limit(spec, "", code)
    form = CategoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            saved = writes.save_category(
                by=request.user,
                kind=kind,
                category=category,
                version=d["version"],
                name=d["name"],
                sort=d["sort"],
                is_active=d["is_active"],
                limits=form.limits(),
            )
        except CaseError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已保存问题类别“{saved.name}”")
            return redirect(f"{_list_url()}?kind={kind}")
    return render(
        request,
        "casework/settings/category_form.html",
        {"form": form, "category": category, "kind": kind, "nav": "settings"},
    )


def _list_url() -> str:
    return reverse("casework_settings:categories")


@login_required
@require_POST
@access(SETTINGS_EDITOR)
def category_move(request: HttpRequest, pk: int) -> HttpResponse:
    category = get_object_or_404(CaseCategory, pk=pk)
    step = 1 if request.POST.get("step") == "down" else -1
    try:
        writes.move_category(
            by=request.user,
            category=category,
            version=parse_id(request.POST.get("version")) or 0,
            step=step,
        )
    except CaseError as exc:
        messages.error(request, str(exc))
    return redirect(f"{_list_url()}?kind={category.kind}")


@login_required
@access(SETTINGS_EDITOR)
def category_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the confirmation page (how many cases use it); POST: delete or refuse."""
    category = get_object_or_404(CaseCategory, pk=pk)
    if request.method == "POST":
        try:
            writes.delete_category(
                by=request.user,
                category=category,
                version=parse_id(request.POST.get("version")) or 0,
            )
        except CaseError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"已删除问题类别“{category.name}”（可在变更记录中查看）")
        return redirect(f"{_list_url()}?kind={category.kind}")
    return render(
        request,
        "casework/settings/category_delete.html",
        {"category": category, "used": writes.category_in_use(category), "nav": "settings"},
    )


@login_required
@access(SETTINGS_EDITOR)
def ranking_settings(request: HttpRequest) -> HttpResponse:
    current = reads.current_settings()
    form = RankingForm(
        request.POST or None,
        initial={"ranking_top": current.ranking_top, "version": current.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            writes.set_ranking_top(
                by=request.user,
                top=form.cleaned_data["ranking_top"],
                version=form.cleaned_data["version"],
            )
        except CaseError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存红黑榜设置")
            return redirect("web:settings")
    return render(
        request,
        "casework/settings/ranking.html",
        {"form": form, "current": current, "nav": "settings"},
    )
