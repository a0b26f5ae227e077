from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from chainchief.accounts.access import OFFICE, SIGNED_IN, access, scoped
from chainchief.accounts.scoping import (
    can_edit_chain,
    can_manage_city,
    get_chain_for_user,
    get_rw_chain_for_user,
    require_city_manager,
)
from chainchief.chains import segment_lists, selectors, services
from chainchief.chains.forms import ChainFileForm, ChainForm, GoalForm, OrgMemberForm, SegmentForm
from chainchief.chains.models import Chain, ChainOrgMember, DevelopmentGoal, Segment, Stage
from chainchief.chains.yaml_io import ChainFileError, dump_chain_yaml
from chainchief.core.values import parse_id
from chainchief.enterprises.models import Tier
from chainchief.enterprises.selectors import EnterpriseFilters, filter_enterprises
from chainchief.web.chain_figures import chain_overview_figures, warned_projects
from chainchief.web.goals import current_goals, goal_progress
from chainchief.web.panels import installed_panels

logger = logging.getLogger(__name__)

# Panels other apps add to a chain's pages, by section; shown when installed.
CHAIN_PANELS = {
    "overview": ("casework/_chain_panel.html", "evaluation/_chain_panel.html"),
    "targets": ("knowledge/_chain_panel.html",),
    "projects": ("projects/_chain_panel.html",),
}
# The chain's sections: each has its own URL and loads only its part.
SECTIONS = (
    ("overview", "chains:detail", _lazy("概览")),
    ("map", "chains:map", _lazy("图谱与环节")),
    ("enterprises", "chains:enterprises", _lazy("链上企业")),
    ("targets", "chains:targets", _lazy("招商目标")),
    ("projects", "chains:projects", _lazy("项目")),
    ("organisation", "chains:organisation", _lazy("组织与目标")),
)
ENTERPRISE_PAGE_SIZE = 50


@login_required
@access(SIGNED_IN)
def chain_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    chains = selectors.chains_for_list(request.user, q=q)
    return render(
        request,
        "chains/list.html",
        {
            "chains": chains,
            "q": q,
            "nav": "chains",
            "can_create": can_manage_city(request.user),
            "file_form": ChainFileForm(),
        },
    )


def _section(request: HttpRequest, chain: Chain, section: str, template: str, **context):
    return render(
        request,
        template,
        {
            "chain": chain,
            "section": section,
            "sections": [
                (key, reverse(name, kwargs={"code": chain.code}), label)
                for key, name, label in SECTIONS
            ],
            "can_edit": can_edit_chain(request.user, chain),
            "panels": installed_panels(CHAIN_PANELS.get(section, ())),
            "nav": "chains",
            **context,
        },
    )


def _map_context(chain: Chain) -> dict:
    tree = selectors.segment_tree(chain)
    _fill_gaps(chain, tree)
    return {
        "tree": tree,
        "segment_total": selectors.count_segments(tree),
        "map_option": selectors.chain_map_option(chain, tree),
    }


@login_required
@access(scoped("chain"))
def chain_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The overview: goals against actuals, the map coloured by gap, the numbers, warnings."""
    chain = get_chain_for_user(request.user, code=code)
    context = _map_context(chain)
    return _section(
        request,
        chain,
        "overview",
        "chains/detail.html",
        **context,
        gap_rows=_gap_rows(context["tree"]),
        figures=chain_overview_figures(chain),
        matched_only=_matched_only(chain),
        goals=current_goals([chain.pk]).get(chain.pk, []),
        warned=warned_projects(chain),
        host_parks=chain.host_parks.all(),
        anchors=chain.anchor_tiers.select_related("enterprise").order_by("enterprise__name"),
    )


@login_required
@access(scoped("chain"))
def chain_map(request: HttpRequest, code: str) -> HttpResponse:
    chain = get_chain_for_user(request.user, code=code)
    context = _map_context(chain)
    stages = [(value, label, context["tree"][value]) for value, label in Stage.choices]
    return _section(request, chain, "map", "chains/map.html", **context, stages=stages)


@login_required
@access(scoped("chain"))
def chain_enterprises(request: HttpRequest, code: str) -> HttpResponse:
    chain = get_chain_for_user(request.user, code=code)
    filters = EnterpriseFilters.from_query(request.GET)
    via = "matched" if request.GET.get("via") == "matched" else "assigned"
    segment_id, filters.segment = filters.segment, None
    # Matched enterprises make a segment's products without being assigned to the chain.
    filters.chain = "" if (segment_id and via == "matched") else chain.code
    rows = filter_enterprises(request.user, filters)
    if segment_id:
        rows = rows.filter(pk__in=_segment_enterprise_ids(chain, segment_id, via))
    page = Paginator(rows, ENTERPRISE_PAGE_SIZE).get_page(request.GET.get("page"))
    return _section(
        request,
        chain,
        "enterprises",
        "chains/enterprises.html",
        page=page,
        f=filters,
        segment_id=segment_id,
        via=via,
        segments=chain.segments.order_by("stage", "sort", "id"),
        anchors=chain.anchor_tiers.select_related("enterprise").order_by("enterprise__name"),
        tier_labels=dict(Tier.choices),
    )


@login_required
@access(scoped("chain"))
def chain_targets(request: HttpRequest, code: str) -> HttpResponse:
    chain = get_chain_for_user(request.user, code=code)
    return _section(request, chain, "targets", "chains/targets.html")


@login_required
@access(scoped("chain"))
def chain_projects(request: HttpRequest, code: str) -> HttpResponse:
    chain = get_chain_for_user(request.user, code=code)
    return _section(request, chain, "projects", "chains/projects.html")


@login_required
@access(scoped("chain"))
def chain_organisation(request: HttpRequest, code: str) -> HttpResponse:
    chain = get_chain_for_user(request.user, code=code)
    return _section(
        request,
        chain,
        "organisation",
        "chains/organisation.html",
        members=chain.org_members.select_related("role", "user", "department"),
        goals=goal_progress(chain.goals.order_by("-year", "sort", "id")),
    )


def _segment_enterprise_ids(chain: Chain, segment_id: int, via: str) -> list[int]:
    """A segment's local enterprises by the one definition (knowledge.selectors): assigned
    to it or a sub-segment, or matched from their products."""
    try:
        from chainchief.knowledge.selectors import segment_local_enterprises

        return segment_local_enterprises(chain).get(segment_id, {}).get(via, [])
    except Exception:
        logger.exception("segment_local_enterprises failed for chain %s", chain.code)
        if via == "matched":
            return []
        return list(
            Segment.objects.filter(chain=chain, pk=segment_id).values_list("enterprises", flat=True)
        )


def _gap_rows(tree: dict) -> list:
    """Missing and weak segments, missing first, for the overview."""
    rows = []

    def walk(nodes) -> None:
        for n in nodes:
            if n.gap and n.gap["class"] in ("missing", "weak"):
                rows.append(n)
            walk(n.children)

    for nodes in tree.values():
        walk(nodes)
    return sorted(rows, key=lambda n: n.gap["class"] != "missing")


def _matched_only(chain: Chain) -> int:
    """Local enterprises that make a segment's products but are not (yet) on the chain in
    the library: shown beside 链上企业 so a 强链 segment never sits beside a bare 0."""
    try:
        from chainchief.knowledge.selectors import chain_gaps

        rows = chain_gaps(chain)["segments"]
    except Exception:
        logger.exception("gap analysis failed for chain %s", chain.code)
        return 0
    matched = {x["id"] for r in rows for x in r["local"] if x["via"] == "matched"}
    return len(matched - set(chain.enterprises.values_list("id", flat=True)))


def _fill_gaps(chain: Chain, tree: dict) -> None:
    """Gap classes (缺链/弱链/强链) on the map and the segment table. The analysis is an
    extra: when it fails the page still renders, uncoloured."""
    try:
        from chainchief.knowledge.selectors import chain_gaps
    except ImportError:
        return
    try:
        rows = {r["id"]: r for r in chain_gaps(chain)["segments"]}
    except Exception:
        logger.exception("gap analysis failed for chain %s", chain.code)
        return

    def fill(nodes) -> None:
        for n in nodes:
            row = rows.get(n.segment.pk)
            if row is not None:
                n.gap = {
                    "class": row["gap_class"],
                    "label": row["gap_label"],
                    "reasons": row["reasons"],
                    # The one definition (knowledge.selectors.segment_local_enterprises).
                    "assigned": row["local_assigned"],
                    "matched": row["local_matched"],
                }
            fill(n.children)

    for nodes in tree.values():
        fill(nodes)


@login_required
@access(scoped("chain"))
def chain_yaml(request: HttpRequest, code: str) -> HttpResponse:
    chain = get_chain_for_user(request.user, code=code)
    response = HttpResponse(
        dump_chain_yaml(chain), content_type="application/x-yaml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="chain-{chain.code}.yaml"'
    return response


@login_required
@require_POST
@access(OFFICE)
def chain_upload(request: HttpRequest) -> HttpResponse:
    """Load a chain map YAML (a shared template or an edited dump); office only."""
    require_city_manager(request.user)
    form = ChainFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的 YAML 文件"))
        return redirect("chains:list")
    try:
        text = form.cleaned_data["file"].read().decode("utf-8")
        result = services.load_chain_file(text=text, by=request.user)
    except UnicodeDecodeError:
        messages.error(request, _("文件不是 UTF-8 编码的文本"))
        return redirect("chains:list")
    except ChainFileError as exc:
        messages.error(request, _("导入失败，未做任何修改：%(e)s") % {"e": exc})
        return redirect("chains:list")
    verb = _("新建") if result.created else _("更新")
    messages.success(
        request, _("已%(verb)s产业链“%(name)s”") % {"verb": verb, "name": result.chain.name}
    )
    for warning in result.warnings:
        messages.warning(request, warning)
    return redirect("chains:detail", code=result.chain.code)


def _form_page(request, *, chain, form, title: str, back: str) -> HttpResponse:
    return render(
        request,
        "chains/form.html",
        {"chain": chain, "form": form, "title": title, "back": back, "nav": "chains"},
    )


@login_required
@access(OFFICE)
def chain_create(request: HttpRequest) -> HttpResponse:
    require_city_manager(request.user)
    form = ChainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            chain = services.save_chain(by=request.user, **form.service_fields())
        except services.ChainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("已新建产业链“%(name)s”") % {"name": chain.name})
            return redirect("chains:detail", code=chain.code)
    return _form_page(
        request, chain=None, form=form, title=_("新建产业链"), back=reverse("chains:list")
    )


@login_required
@access(scoped("chain", write=True))
def chain_edit(request: HttpRequest, code: str) -> HttpResponse:
    chain = get_rw_chain_for_user(request.user, code=code)
    form = ChainForm(request.POST or None, instance=chain)
    if not can_manage_city(request.user):
        form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            chain = services.save_chain(by=request.user, chain=chain, **form.service_fields())
        except services.ChainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("已保存"))
            return redirect("chains:detail", code=chain.code)
    return _form_page(request, chain=chain, form=form, title=_("编辑产业链"), back=chain_url(chain))


def chain_url(chain: Chain) -> str:
    return reverse("chains:detail", kwargs={"code": chain.code})


def section_url(chain: Chain, section: str, anchor: str = "") -> str:
    return reverse(f"chains:{section}", kwargs={"code": chain.code}) + anchor


def _child_form(request, code: str, form_class, model, pk: int | None, title: str, back: tuple):
    chain = get_rw_chain_for_user(request.user, code=code)
    instance = get_object_or_404(model, pk=pk, chain=chain) if pk else None
    form = form_class(request.POST or None, instance=instance, chain=chain)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_chain_part(
                model=model, chain=chain, by=request.user, obj=instance, **form.service_fields()
            )
        except services.ChainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("已保存"))
            return redirect(section_url(chain, *back))
    return _form_page(request, chain=chain, form=form, title=title, back=section_url(chain, *back))


@login_required
@access(scoped("chain", write=True))
def goal_form(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    return _child_form(
        request, code, GoalForm, DevelopmentGoal, pk, _("发展目标"), ("organisation", "#goals")
    )


@login_required
@access(scoped("chain", write=True))
def member_form(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    return _child_form(
        request,
        code,
        OrgMemberForm,
        ChainOrgMember,
        pk,
        _("组织成员"),
        ("organisation", "#organisation"),
    )


@login_required
@access(scoped("chain", write=True))
def segment_form(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    return _child_form(request, code, SegmentForm, Segment, pk, _("环节"), ("map", "#segments"))


@login_required
@require_POST
@access(scoped("chain", write=True))
def goal_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    chain = get_rw_chain_for_user(request.user, code=code)
    services.delete_object(
        obj=get_object_or_404(DevelopmentGoal, pk=pk, chain=chain), by=request.user
    )
    messages.success(request, _("已删除发展目标（可在变更记录中查看删除前内容）"))
    return redirect(section_url(chain, "organisation", "#goals"))


@login_required
@require_POST
@access(scoped("chain", write=True))
def member_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    chain = get_rw_chain_for_user(request.user, code=code)
    services.delete_object(
        obj=get_object_or_404(ChainOrgMember, pk=pk, chain=chain), by=request.user
    )
    messages.success(request, _("已移除组织成员"))
    return redirect(section_url(chain, "organisation", "#organisation"))


@login_required
@require_POST
@access(scoped("chain", write=True))
def segment_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    chain = get_rw_chain_for_user(request.user, code=code)
    count = services.delete_segment(
        segment=get_object_or_404(Segment, pk=pk, chain=chain), by=request.user
    )
    messages.success(request, _("已删除 %(n)d 个环节（含下级环节）") % {"n": count})
    return redirect(section_url(chain, "map", "#segments"))


@login_required
@access(scoped("chain", write=True))
def segment_paste(request: HttpRequest, code: str) -> HttpResponse:
    """Add several segments at once from a pasted list (one per line, indented = sub-segment)."""
    chain = get_rw_chain_for_user(request.user, code=code)
    text = request.POST.get("lines", "")
    stage = request.POST.get("stage", Stage.MIDSTREAM)
    parent_id = request.POST.get("parent", "")
    errors: list[str] = []
    if request.method == "POST":
        parent = None
        if (parent_pk := parse_id(parent_id)) is not None:
            parent = chain.segments.filter(pk=parent_pk).first()
        try:
            added = segment_lists.add_segments(
                chain=chain, stage=stage, parent=parent, text=text, by=request.user
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("已添加 %(n)d 个环节") % {"n": len(added)})
            return redirect(section_url(chain, "map", "#segments"))
    return render(
        request,
        "chains/segment_paste.html",
        {
            "chain": chain,
            "nav": "chains",
            "lines": text,
            "stage": stage,
            "parent_id": parent_id,
            "stages": Stage.choices,
            "parents": chain.segments.order_by("stage", "sort", "id"),
            "errors": errors,
            "back": section_url(chain, "map", "#segments"),
        },
    )
