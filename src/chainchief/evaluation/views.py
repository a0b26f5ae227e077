"""Pages of the review meeting. Access control first in every view (selectors / scoping)."""

from __future__ import annotations

import datetime
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_POST

from chainchief.accounts.access import OFFICE, access, scoped
from chainchief.accounts.models import User
from chainchief.accounts.scoping import visible_chains
from chainchief.chains.models import Chain
from chainchief.core.values import parse_id
from chainchief.evaluation import jobs, selectors, services
from chainchief.evaluation.models import (
    ActionItem,
    Comment,
    IncentiveKind,
    Indicator,
    IndicatorSystem,
    ManualValue,
    Rating,
    Run,
)
from chainchief.evaluation.periods import PeriodError, parse_period
from chainchief.evaluation.yaml_io import SystemFileError, dump_system_yaml, load_system_yaml
from chainchief.places.models import Department
from chainchief.web.excel import xlsx_response

PAGE_SIZE = 50


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat((text or "").strip())
    except ValueError:
        return None


# --- ranking board, scorecard, drill-down ------------------------------------------------


@login_required
@access(scoped("evaluation"))
def board_home(request: HttpRequest) -> HttpResponse:
    selectors.require_board(request.user)
    run = selectors.current_run(request.user)
    if run is None:
        return render(
            request,
            "evaluation/empty.html",
            {
                "nav": "evaluation",
                "can_edit": selectors.can_see_drafts(request.user)
                and selectors.can_manage_city(request.user),
            },
        )
    return redirect("evaluation:run", run.pk)


def _results_key(what: str, run: Run, *parts) -> str:
    """A run's results are written once (computing → draft) and never change after, so pages
    built from them are cached by run, status and computation time (a re-run is a new run)."""
    stamp = run.computed_at.timestamp() if run.computed_at else 0
    tail = hashlib.sha1(":".join(str(p) for p in parts).encode()).hexdigest()
    return f"evaluation:{what}:{run.pk}:{run.status}:{stamp}:{tail}"


@login_required
@access(scoped("evaluation"))
def run_board(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.require_board(request.user)
    run, runs = selectors.board_runs(request.user, pk)
    own = selectors.visible_chain_codes(request.user)
    # The ranking and radars come from the stored results of this run and of the previous
    # period's published run, cached per set of chains whose scorecards the user may open.
    key = _results_key("board", run, "all" if own is None else ",".join(sorted(own)))
    cached = cache.get(key)
    if cached is None:
        previous = selectors.previous_run(run)
        rows = selectors.ranking(run, previous=previous)
        names = selectors.dimension_names(run)
        maxima = selectors.dimension_max(run)
        for row in rows:
            row["dims"] = [row["result"].dimensions.get(n, 0) for n in names]
            row["radar"] = selectors.radar_option(run, row["result"], names, maxima)
            row["can_open"] = own is None or row["chain"].code in own
        body = render_to_string(
            "evaluation/_board_body.html",
            {"run": run, "rows": rows, "names": names},
            request=request,
        )
        cached = {"body": body, "previous": previous.period if previous else ""}
        cache.set(key, cached, 3600)
    return render(
        request,
        "evaluation/board.html",
        {
            "nav": "evaluation",
            "run": run,
            "body": cached["body"],
            "runs": runs,
            "previous_period": cached["previous"],
            "can_edit": selectors.can_manage_city(request.user),
        },
    )


@login_required
@access(scoped("evaluation"))
def run_export(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.require_board(request.user)
    run = selectors.get_run_for_user(request.user, pk)
    names = selectors.dimension_names(run)
    rows = [
        [
            r["result"].rank,
            r["chain"].name,
            r["result"].total,
            r["result"].grade,
            {"red": "红榜", "black": "黑榜"}.get(r["result"].board, ""),
            r["result"].veto_reason,
            *[r["result"].dimensions.get(n, 0) for n in names],
            r["move"],
        ]
        for r in selectors.ranking(run)
    ]
    return xlsx_response(
        f"考评排名_{run.period}_第{run.number}版.xlsx",
        "排名",
        ["名次", "产业链", "总分", "等次", "红黑榜", "否决原因", *names, "名次变化"],
        rows,
        title=f"{run.system.name} {run.period} 排名（第{run.number}版，{run.get_status_display()}）",
    )


@login_required
@access(scoped("chain"))
def scorecard(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    run, chain = selectors.get_scorecard_for_user(request.user, pk, code)
    key = _results_key("scorecard", run, chain.pk)
    body = cache.get(key)
    if body is None:
        body = render_to_string(
            "evaluation/_scorecard_body.html",
            {"run": run, "chain": chain, **selectors.scorecard(run, chain)},
            request=request,
        )
        cache.set(key, body, 3600)
    return render(
        request,
        "evaluation/scorecard.html",
        {
            "nav": "evaluation",
            "run": run,
            "chain": chain,
            "body": body,
            "comment": selectors.visible_comment(request.user, run, chain),
            "can_edit": selectors.can_manage_city(request.user),
            "can_sign": selectors.can_sign(request.user),
        },
    )


@login_required
@access(scoped("chain"))
def drill_down(request: HttpRequest, pk: int, code: str, result_id: int) -> HttpResponse:
    run, chain = selectors.get_scorecard_for_user(request.user, pk, code)
    result = selectors.get_indicator_result(run, chain, result_id)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"{chain.name}_{result.name}_明细.xlsx",
            "明细",
            ["类型", "名称", "计入数值", "说明"],
            (
                [r.get("type"), r.get("label"), r.get("amount"), r.get("note", "")]
                for r in selectors.fill_labels(result.rows)
            ),
            title=f"{chain.name} {run.period} {result.name}：{result.value}{result.unit}",
        )
    page = Paginator(result.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.fill_labels(page.object_list)
    total = sum(r.get("amount") or 0 for r in result.rows)
    return render(
        request,
        "evaluation/drill_down.html",
        {
            "nav": "evaluation",
            "run": run,
            "chain": chain,
            "r": result,
            "page": page,
            "rows_total": total,
        },
    )


@login_required
@access(scoped("evaluation"))
def run_diff(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.require_board(request.user)
    run = selectors.get_run_for_user(request.user, pk)
    other_id = request.GET.get("against")
    if other_id:
        other = selectors.get_run_for_user(request.user, other_id)
    else:
        other = (
            selectors.visible_runs(request.user)
            .filter(system=run.system, period=run.period, number__lt=run.number)
            .order_by("-number")
            .first()
        )
    if other is None:
        messages.info(request, "该考期只有这一个版本，没有可比较的版本")
        return redirect("evaluation:run", run.pk)
    return render(
        request, "evaluation/diff.html", {"nav": "evaluation", **selectors.run_diff(other, run)}
    )


# --- runs (the office) -------------------------------------------------------------------


@login_required
@access(scoped("evaluation"))
def run_list(request: HttpRequest) -> HttpResponse:
    selectors.require_board(request.user)
    runs = selectors.visible_runs(request.user).select_related("created_by", "published_by")
    page = Paginator(runs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/runs.html",
        {
            "nav": "evaluation",
            "page": page,
            "systems": IndicatorSystem.objects.all(),
            "can_edit": selectors.can_manage_city(request.user),
        },
    )


@login_required
@access(OFFICE)
@require_POST
def run_start(request: HttpRequest) -> HttpResponse:
    selectors.require_editor(request.user)
    system = get_object_or_404(IndicatorSystem, pk=request.POST.get("system") or 0)
    try:
        run = services.create_run(
            system=system, period=request.POST.get("period", ""), by=request.user
        )
    except services.EvaluationError as exc:
        messages.error(request, str(exc))
        return redirect("evaluation:runs")
    job = jobs.start_run_job(run=run, user=request.user)
    messages.success(request, f"已开始计算 {run.period} 第{run.number}版，完成后可在本页查看")
    return redirect(job.get_absolute_url())


@login_required
@access(OFFICE)
@require_POST
def run_publish(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.require_editor(request.user)
    run = get_object_or_404(Run, pk=pk)
    try:
        services.publish_run(run=run, by=request.user)
        messages.success(request, f"{run.period} 第{run.number}版已发布，结果已冻结")
    except services.EvaluationError as exc:
        messages.error(request, str(exc))
    return redirect("evaluation:run", run.pk)


@login_required
@access(OFFICE)
@require_POST
def run_delete(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.require_editor(request.user)
    run = get_object_or_404(Run, pk=pk)
    try:
        services.delete_run(run=run, by=request.user)
        messages.success(request, f"已删除 {run.period} 第{run.number}版草稿")
    except services.EvaluationError as exc:
        messages.error(request, str(exc))
    return redirect("evaluation:runs")


# --- comments ----------------------------------------------------------------------------


def _comment_for_editor(user, pk: int, code: str) -> Comment:
    if not (selectors.can_manage_city(user) or selectors.can_sign(user)):
        raise Http404("页面不存在或无权查看")
    run, chain = selectors.get_scorecard_for_user(user, pk, code)
    comment = (
        Comment.objects.filter(run=run, chain=chain)
        .select_related("run", "chain", "signed_by")
        .first()
    )
    if comment is None:
        raise Http404("该产业链没有点评意见")
    return comment


@login_required
@access(scoped("comment", write=True))
def comment_edit(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    comment = _comment_for_editor(request.user, pk, code)
    if request.method == "POST":
        action = request.POST.get("action", "save")
        try:
            version = parse_id(request.POST.get("version")) or 0
            if action == "save":
                services.edit_comment(
                    comment=comment,
                    text=request.POST.get("text", ""),
                    version=version,
                    by=request.user,
                )
                messages.success(request, "点评意见已保存")
            elif action == "sign":
                if not selectors.can_sign(request.user):
                    raise PermissionDenied("仅总链长可以签发点评意见")
                if (
                    request.POST.get("text", "").strip()
                    and request.POST["text"].strip() != comment.text
                ):
                    comment = services.edit_comment(
                        comment=comment, text=request.POST["text"], version=version, by=request.user
                    )
                    version = comment.version
                services.sign_comment(comment=comment, version=version, by=request.user)
                messages.success(request, "点评意见已签发，整改要求已转为点评交办事项")
            elif action == "add_item":
                department = Department.objects.filter(
                    pk=request.POST.get("department") or 0
                ).first()
                services.add_action_item(
                    comment=comment,
                    text=request.POST.get("item_text", ""),
                    deadline=_date(request.POST.get("deadline", "")),
                    department=department,
                    by=request.user,
                )
                messages.success(request, "已增加整改要求")
            elif action == "delete_item":
                item = get_object_or_404(
                    ActionItem, pk=request.POST.get("item") or 0, comment=comment
                )
                services.delete_action_item(item=item, by=request.user)
                messages.success(request, "已删除整改要求")
        except (services.EvaluationError, ValueError) as exc:
            messages.error(request, str(exc))
        return redirect("evaluation:comment", pk, code)
    return render(
        request,
        "evaluation/comment.html",
        {
            "nav": "evaluation",
            "comment": comment,
            "run": comment.run,
            "chain": comment.chain,
            "items": comment.action_items.select_related("department"),
            "departments": Department.objects.all(),
            "can_sign": selectors.can_sign(request.user),
        },
    )


# --- indicator systems, manual values, ratings -------------------------------------------


@login_required
@access(OFFICE)
def system_list(request: HttpRequest) -> HttpResponse:
    selectors.require_editor(request.user)
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise SystemFileError("请选择 .yaml 文件")
            system = load_system_yaml(upload.read().decode("utf-8-sig"))
            messages.success(
                request, f"已载入指标体系“{system}”，共 {system.indicators.count()} 项指标"
            )
        except (SystemFileError, UnicodeDecodeError) as exc:
            messages.error(request, f"未载入：{exc}")
        return redirect("evaluation:systems")
    systems = IndicatorSystem.objects.prefetch_related("dimensions__indicators")
    return render(request, "evaluation/systems.html", {"nav": "evaluation", "systems": systems})


@login_required
@access(OFFICE)
def system_yaml(request: HttpRequest, pk: int) -> HttpResponse:
    selectors.require_editor(request.user)
    system = get_object_or_404(IndicatorSystem, pk=pk)
    response = HttpResponse(dump_system_yaml(system), content_type="text/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="indicators-{system.year}.yaml"'
    return response


@login_required
@access(OFFICE)
def system_inputs(request: HttpRequest, pk: int) -> HttpResponse:
    """Manual values (with a note and evidence) and subjective ratings for one period."""
    selectors.require_editor(request.user)
    system = get_object_or_404(IndicatorSystem, pk=pk)
    period_text = (
        request.GET.get("period")
        or request.POST.get("period")
        or f"{system.year}Q{(timezone.localdate().month - 1) // 3 + 1}"
    )
    try:
        period = parse_period(period_text)
    except PeriodError as exc:
        messages.error(request, str(exc))
        period = parse_period(str(system.year))
    chains = services.system_chains(system)
    if request.method == "POST":
        indicator = get_object_or_404(
            Indicator, pk=request.POST.get("indicator") or 0, system=system
        )
        chain = get_object_or_404(Chain, pk=request.POST.get("chain") or 0)
        try:
            if indicator.method == "subjective":
                services.rate(
                    indicator=indicator,
                    chain=chain,
                    period=period.code,
                    rater=request.POST.get("rater", ""),
                    score=request.POST.get("value", ""),
                    by=request.user,
                )
            else:
                path = ""
                upload = request.FILES.get("file")
                if upload is not None:
                    from django.core.files.storage import default_storage

                    path = default_storage.save(f"evaluation/{period.code}/{upload.name}", upload)
                services.set_manual_value(
                    indicator=indicator,
                    chain=chain,
                    period=period.code,
                    value=request.POST.get("value", ""),
                    note=request.POST.get("note", ""),
                    file=path,
                    by=request.user,
                )
            messages.success(request, f"已保存：{chain.name} · {indicator.name}")
        except services.EvaluationError as exc:
            messages.error(request, f"{chain.name} · {indicator.name}：{exc}")
        return redirect(f"{request.path}?period={period.code}")
    manual = system.indicators.filter(source="manual")
    subjective = system.indicators.filter(method="subjective")
    values = ManualValue.objects.filter(
        indicator__system=system, period=period.code
    ).select_related("indicator", "chain")
    ratings = Rating.objects.filter(indicator__system=system, period=period.code).select_related(
        "indicator", "chain"
    )
    return render(
        request,
        "evaluation/inputs.html",
        {
            "nav": "evaluation",
            "system": system,
            "period": period,
            "chains": chains,
            "manual": manual,
            "subjective": subjective,
            "values": values,
            "ratings": ratings,
        },
    )


# --- incentives and constraints ----------------------------------------------------------


LEDGER_HEADERS = ["决定日期", "类型", "考评", "产业链", "干部", "金额（万元）", "决定内容"]


@login_required
@access(scoped("evaluation"))
def ledger(request: HttpRequest) -> HttpResponse:
    selectors.require_board(request.user)
    if not selectors.can_see_drafts(request.user):
        raise Http404("页面不存在或无权查看")
    qs = selectors.ledger(request.GET)
    if request.method == "POST":
        selectors.require_editor(request.user)
        run = Run.objects.filter(pk=request.POST.get("run") or 0).first()
        chain = Chain.objects.filter(pk=request.POST.get("chain") or 0).first()
        person = User.objects.filter(pk=request.POST.get("person") or 0).first()
        try:
            decided_on = _date(request.POST.get("decided_on", ""))
            if decided_on is None:
                raise services.EvaluationError("请填写决定日期")
            services.add_incentive(
                kind=request.POST.get("kind", ""),
                text=request.POST.get("text", ""),
                decided_on=decided_on,
                run=run,
                chain=chain,
                person=person,
                amount=request.POST.get("amount") or None,
                by=request.user,
            )
            messages.success(request, "已记入激励约束台账")
        except services.EvaluationError as exc:
            messages.error(request, str(exc))
        return redirect("evaluation:ledger")
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            "激励约束台账.xlsx",
            "台账",
            LEDGER_HEADERS,
            (
                [
                    i.decided_on,
                    i.get_kind_display(),
                    str(i.run or ""),
                    i.chain.name if i.chain else "",
                    str(i.person or ""),
                    i.amount,
                    i.text,
                ]
                for i in qs
            ),
        )
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/ledger.html",
        {
            "nav": "evaluation",
            "page": page,
            "kinds": IncentiveKind.choices,
            "f": request.GET,
            "chains": visible_chains(request.user).only("id", "code", "name"),
            "runs": Run.objects.filter(status=Run.Status.PUBLISHED).select_related("system")[:20],
            "people": User.objects.filter(
                role__in=["chain_chief", "deputy_director"], is_active=True
            ).order_by("full_name"),
            "cadres": selectors.cadre_counts(),
            "can_edit": selectors.can_manage_city(request.user),
        },
    )
