from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chainchief.accounts.scoping import (
    can_edit_chain,
    can_manage_city,
    get_chain_for_user,
    get_rw_chain_for_user,
    require_city_manager,
)
from chainchief.chains import selectors, services
from chainchief.chains.forms import ChainFileForm, ChainForm, GoalForm, OrgMemberForm, SegmentForm
from chainchief.chains.models import Chain, ChainOrgMember, DevelopmentGoal, Segment
from chainchief.chains.yaml_io import ChainFileError, dump_chain_yaml
from chainchief.enterprises.models import Tier
from chainchief.web.panels import installed_panels

logger = logging.getLogger(__name__)

# Panels other apps add to the chain page (gap analysis, projects), shown when installed.
CHAIN_PANELS = (
    "knowledge/_chain_panel.html",
    "projects/_chain_panel.html",
    "casework/_chain_panel.html",
    "evaluation/_chain_panel.html",
)


@login_required
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


@login_required
def chain_detail(request: HttpRequest, code: str) -> HttpResponse:
    chain = get_chain_for_user(request.user, code=code)
    tree = selectors.segment_tree(chain)
    _fill_gaps(chain, tree)
    members = chain.org_members.select_related("role", "user", "department")
    anchors = chain.anchor_tiers.select_related("enterprise").order_by("enterprise__name")
    return render(
        request,
        "chains/detail.html",
        {
            "chain": chain,
            "tree": tree,
            "stages": [
                (value, label, tree[value])
                for value, label in Segment._meta.get_field("stage").choices
            ],
            "segment_total": selectors.count_segments(tree),
            "map_option": selectors.chain_map_option(chain, tree),
            "members": members,
            "goals": chain.goals.all(),
            "host_parks": chain.host_parks.all(),
            "anchors": anchors,
            "enterprise_count": chain.enterprises.count(),
            "can_edit": can_edit_chain(request.user, chain),
            "panels": installed_panels(CHAIN_PANELS),
            "nav": "chains",
            "Tier": Tier,
        },
    )


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
                }
            fill(n.children)

    for nodes in tree.values():
        fill(nodes)


@login_required
def chain_yaml(request: HttpRequest, code: str) -> HttpResponse:
    chain = get_chain_for_user(request.user, code=code)
    response = HttpResponse(
        dump_chain_yaml(chain), content_type="application/x-yaml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="chain-{chain.code}.yaml"'
    return response


@login_required
@require_POST
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
def chain_create(request: HttpRequest) -> HttpResponse:
    require_city_manager(request.user)
    form = ChainForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        chain = services.save_form(form=form, by=request.user)
        messages.success(request, _("已新建产业链“%(name)s”") % {"name": chain.name})
        return redirect("chains:detail", code=chain.code)
    return _form_page(
        request, chain=None, form=form, title=_("新建产业链"), back=reverse("chains:list")
    )


@login_required
def chain_edit(request: HttpRequest, code: str) -> HttpResponse:
    chain = get_rw_chain_for_user(request.user, code=code)
    form = ChainForm(request.POST or None, instance=chain)
    if not can_manage_city(request.user):
        form.fields["code"].disabled = True
    if request.method == "POST" and form.is_valid():
        chain = services.save_form(form=form, by=request.user)
        messages.success(request, _("已保存"))
        return redirect("chains:detail", code=chain.code)
    return _form_page(request, chain=chain, form=form, title=_("编辑产业链"), back=chain_url(chain))


def chain_url(chain: Chain) -> str:
    return reverse("chains:detail", kwargs={"code": chain.code})


def _child_form(request, code: str, form_class, model, pk: int | None, title: str, anchor: str):
    chain = get_rw_chain_for_user(request.user, code=code)
    instance = get_object_or_404(model, pk=pk, chain=chain) if pk else None
    form = form_class(request.POST or None, instance=instance, chain=chain)
    if request.method == "POST" and form.is_valid():
        services.save_form(form=form, by=request.user, chain=chain)
        messages.success(request, _("已保存"))
        return redirect(chain_url(chain) + anchor)
    return _form_page(request, chain=chain, form=form, title=title, back=chain_url(chain) + anchor)


@login_required
def goal_form(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    return _child_form(request, code, GoalForm, DevelopmentGoal, pk, _("发展目标"), "#goals")


@login_required
def member_form(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    return _child_form(
        request, code, OrgMemberForm, ChainOrgMember, pk, _("组织成员"), "#organisation"
    )


@login_required
def segment_form(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    return _child_form(request, code, SegmentForm, Segment, pk, _("环节"), "#map")


@login_required
@require_POST
def goal_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    chain = get_rw_chain_for_user(request.user, code=code)
    services.delete_object(
        obj=get_object_or_404(DevelopmentGoal, pk=pk, chain=chain), by=request.user
    )
    messages.success(request, _("已删除发展目标（可在变更记录中查看删除前内容）"))
    return redirect(chain_url(chain) + "#goals")


@login_required
@require_POST
def member_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    chain = get_rw_chain_for_user(request.user, code=code)
    services.delete_object(
        obj=get_object_or_404(ChainOrgMember, pk=pk, chain=chain), by=request.user
    )
    messages.success(request, _("已移除组织成员"))
    return redirect(chain_url(chain) + "#organisation")


@login_required
@require_POST
def segment_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    chain = get_rw_chain_for_user(request.user, code=code)
    count = services.delete_segment(
        segment=get_object_or_404(Segment, pk=pk, chain=chain), by=request.user
    )
    messages.success(request, _("已删除 %(n)d 个环节（含下级环节）") % {"n": count})
    return redirect(chain_url(chain) + "#map")
