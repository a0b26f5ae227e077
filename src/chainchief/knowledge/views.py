"""Pages of the national graph and the chain intelligence: the knowledge home, product
pages, the chain panel's fragments (gaps, targets, export) and the enterprise panel.

The chain and enterprise pages only render a shell; the heavy parts load here through htmx
so those pages never wait for the engine.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chainchief.accounts.access import OFFICE, SIGNED_IN, access, scoped
from chainchief.accounts.scoping import (
    can_edit_chain,
    can_manage_city,
    get_chain_for_user,
    get_supply_enterprise_for_user,
    require_city_manager,
)
from chainchief.chains.models import Chain
from chainchief.enterprises.models import Enterprise, EnterpriseTier, Tier
from chainchief.knowledge import selectors, services
from chainchief.knowledge.engine.index import GraphIndex
from chainchief.knowledge.engine.matching import match_products_text
from chainchief.knowledge.engine.resolve import resolve_terms, resolved_products
from chainchief.knowledge.forms import ProposeForm, TargetFilterForm
from chainchief.knowledge.loader import get_index
from chainchief.knowledge.models import EnterpriseProduct, Product
from chainchief.knowledge.names import normalize
from chainchief.web.excel import xlsx_response

IMPORT_COMMAND = "chainchief kg import ../shared/data/chain-kg"


def _base(**context) -> dict:
    return {"nav": "knowledge", "import_command": IMPORT_COMMAND, **context}


# --- knowledge home and products ---------------------------------------------------------


@login_required
@access(SIGNED_IN)
def home(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    stats = selectors.kg_stats()
    return render(
        request,
        "knowledge/home.html",
        _base(
            stats=stats,
            q=q,
            results=selectors.search_products(q) if q and stats["imported"] else [],
            can_propose=can_manage_city(request.user),
            propose_form=ProposeForm(),
        ),
    )


@login_required
@access(SIGNED_IN)
def product_detail(request: HttpRequest) -> HttpResponse:
    name = request.GET.get("name", "").strip()
    index = get_index()
    if index.empty:
        return render(request, "knowledge/product.html", _base(name=name, imported=False))
    pid = index.by_norm.get(normalize(name))
    if pid is None:
        pid = Product.objects.filter(name=name).values_list("id", flat=True).first()
    if pid is None or pid not in index.name:
        raise Http404(_("图谱中没有该产品"))
    return render(
        request, "knowledge/product.html", _base(name=name, imported=True, **_product(index, pid))
    )


def _product(index: GraphIndex, pid: int) -> dict:
    def named(pids) -> list[str]:
        return sorted({index.name[p] for p in pids if index.usable(p)})

    makers = []
    for cid, weight in index.makers.get(pid, ()):
        info = index.companies[cid]
        if info.is_primary:
            makers.append({"info": info, "weight": weight})
    return {
        "product": index.name[pid],
        "noise": index.noise.get(pid, ""),
        "makers": makers,
        "neighbours": [
            (_("上游材料"), named(index.materials.get(pid, ()))),
            (_("下游产品"), named(index.downstream.get(pid, ()))),
            (_("作为材料用于"), named(index.used_in.get(pid, ()))),
            (_("产品小类"), named(index.subclasses.get(pid, ()))),
            (_("所属大类"), named(index.superclasses.get(pid, ()))),
        ],
    }


@login_required
@require_POST
@access(OFFICE)
def propose(request: HttpRequest) -> HttpResponse:
    """A draft chain map around one core product; office only (creating chains is city-level)."""
    require_city_manager(request.user)
    form = ProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写核心产品"))
        return redirect("knowledge:home")
    try:
        chain = services.propose_chain(product=form.cleaned_data["product"].strip())
    except services.ProposalError as exc:
        messages.error(request, str(exc))
        return redirect("knowledge:home")
    messages.success(
        request,
        _("已生成草稿产业链“%(name)s”（%(n)s 个环节），请审核后调整")
        % {"name": chain.name, "n": chain.segments.count()},
    )
    return redirect("chains:detail", code=chain.code)


# --- chain panel ----------------------------------------------------------------------------


@login_required
@access(scoped("chain"))
def chain_gaps(request: HttpRequest, code: str) -> HttpResponse:
    chain = get_chain_for_user(request.user, code=code)
    report = selectors.chain_gaps(chain)
    leaves = [r for r in report["segments"] if r["leaf"]]
    return render(
        request,
        "knowledge/_chain_gaps.html",
        _base(
            chain=chain,
            report=report,
            missing=[r for r in leaves if r["gap_class"] == "missing"],
            weak=[r for r in leaves if r["gap_class"] == "weak"],
            form=TargetFilterForm(chain=chain),
        ),
    )


def _targets(request: HttpRequest, chain: Chain) -> tuple[TargetFilterForm, dict]:
    """The target report for the request's filters, each target with its existing lead."""
    from chainchief.projects.selectors import leads_by_company_code

    form = TargetFilterForm(request.GET or None, chain=chain)
    f = form.filters()
    post_filtered = bool(f["province"] or f["min_score"] is not None)
    report = selectors.chain_targets(
        chain,
        segment_id=f["segment_id"],
        # Filters applied after ranking need a longer list to still fill the top N.
        top=500 if post_filtered else f["top"],
        include_distressed=f["include_distressed"],
        regions=f["regions"],
    )
    targets = report["targets"]
    if f["province"]:
        targets = [t for t in targets if f["province"] in (t["province"] or "")]
    if f["min_score"] is not None:
        targets = [t for t in targets if t["score"] >= f["min_score"]]
    targets = targets[: f["top"]]
    leads = leads_by_company_code(chain) if targets else {}
    for rank, target in enumerate(targets, 1):
        target["rank"] = rank
        target["lead"] = leads.get(target["code"])
        target["lead_segment"] = f["segment_id"] or target["segments"][0]["id"]
    report["targets"] = targets
    return form, report


@login_required
@access(scoped("chain"))
def chain_targets(request: HttpRequest, code: str) -> HttpResponse:
    chain = get_chain_for_user(request.user, code=code)
    form, report = _targets(request, chain)
    context = _base(
        chain=chain,
        form=form,
        report=report,
        can_edit=can_edit_chain(request.user, chain),
        query=request.GET.urlencode(),
    )
    # Without htmx (a bookmarked or shared link) the list is a page of its own.
    template = "knowledge/_chain_targets.html" if request.htmx else "knowledge/targets.html"
    return render(request, template, context)


TARGET_HEADERS = [
    "排名", "公司简称", "公司全称", "证券代码", "省份", "城市", "得分", "可补环节",
    "匹配产品（收入占比）", "理由", "风险警示", "已有线索",
]  # fmt: skip


@login_required
@access(scoped("chain"))
def chain_targets_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    chain = get_chain_for_user(request.user, code=code)
    _form, report = _targets(request, chain)
    rows = [
        [
            t["rank"],
            t["name"],
            t["full_name"],
            t["code"],
            t["province"],
            t["city"],
            t["score"],
            [s["label"] for s in t["segments"]],
            [f"{m['product']} {m['weight']:.0%}" for m in t["matched"]],
            t["reason"],
            "是" if t["distressed"] else "",
            f"{t['lead'].name}（{t['lead'].get_stage_display()}）" if t["lead"] else "",
        ]
        for t in report["targets"]
    ]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(
        f"招商目标-{chain.name}-{stamp}.xlsx",
        "招商目标",
        TARGET_HEADERS,
        rows,
        title=f"{chain.name} 招商目标清单",
    )


# --- enterprise panel ---------------------------------------------------------------------


@login_required
@access(scoped("enterprise"))
def enterprise_supply(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_supply_enterprise_for_user(request.user, pk=pk)
    index = get_index()
    products, stored = _enterprise_products(index, enterprise)
    is_anchor = EnterpriseTier.objects.filter(enterprise=enterprise, tier=Tier.ANCHOR).exists()
    return render(
        request,
        "knowledge/_enterprise_supply.html",
        _base(
            e=enterprise,
            imported=not index.empty,
            products=products,
            stored=stored,
            segments=_enterprise_segments(index, enterprise, {p["id"] for p in products}),
            is_anchor=is_anchor,
            supply=selectors.enterprise_supply(enterprise) if is_anchor else None,
        ),
    )


def _enterprise_products(index: GraphIndex, enterprise: Enterprise) -> tuple[list[dict], bool]:
    """Stored links when there are any (entered or matched by `enterprise match`), else a
    match of its texts now; the flag says which."""
    links = EnterpriseProduct.objects.filter(enterprise=enterprise).select_related("product")
    if links:
        return [
            {
                "id": link.product_id,
                "name": link.product.name,
                "source": link.get_source_display(),
                "text": link.matched_text,
            }
            for link in links
        ], True
    if index.empty:
        return [], False
    found = match_products_text(index, enterprise.main_products, enterprise.business_scope)
    return [
        {"id": pid, "name": index.name[pid], "source": _("即时匹配"), "text": text}
        for pid, text in found.items()
    ], False


def _enterprise_segments(index: GraphIndex, enterprise: Enterprise, products: set[int]) -> list:
    """Segments of the enterprise's chains whose terms resolve to one of its products."""
    if index.empty or not products:
        return []
    config = selectors.get_config()
    found = []
    for chain in enterprise.chains.all():
        for segment in selectors.segment_inputs(chain):
            hit = resolved_products(resolve_terms(index, list(segment.terms), config)) & products
            if hit:
                found.append(
                    {
                        "chain": chain,
                        "segment": segment,
                        "products": sorted(index.name[p] for p in hit),
                    }
                )
    return found


# --- feedback on targets ------------------------------------------------------------------


@login_required
@require_POST
@access(scoped("chain", write=True))
def target_mark(request: HttpRequest, code: str) -> HttpResponse:
    """Mark a target 不相关 for a segment (those who edit the chain: office, chief, deputy)."""
    chain = get_chain_for_user(request.user, code=code)
    if not can_edit_chain(request.user, chain):
        raise Http404(_("无权标记"))
    segment = chain.segments.filter(pk=request.POST.get("segment") or 0).first()
    if segment is None:
        messages.error(request, _("请选择环节"))
    else:
        try:
            services.mark_target_irrelevant(
                segment=segment,
                company_key=request.POST.get("company", ""),
                company_name=request.POST.get("name", ""),
                reason=request.POST.get("reason", ""),
                by=request.user,
            )
            messages.success(
                request,
                _("已将“%(name)s”标记为与“%(segment)s”不相关，今后不再列入该环节的招商目标")
                % {"name": request.POST.get("name", ""), "segment": segment.name},
            )
        except services.MarkError as exc:
            messages.error(request, str(exc))
    back = request.POST.get("next") or ""
    if back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect("knowledge:target_marks", code=chain.code)


def _marks(chain: Chain):
    from chainchief.knowledge.models import TargetMark

    return (
        TargetMark.objects.filter(segment__chain=chain)
        .select_related("segment", "marked_by")
        .order_by("-marked_at", "-id")
    )


@login_required
@access(scoped("chain"))
def target_marks(request: HttpRequest, code: str) -> HttpResponse:
    chain = get_chain_for_user(request.user, code=code)
    q = request.GET.get("q", "").strip()
    marks = _marks(chain)
    if q:
        marks = marks.filter(company_name__icontains=q)
    page = Paginator(marks, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/marks.html",
        _base(chain=chain, page=page, q=q, can_edit=can_edit_chain(request.user, chain)),
    )


MARK_HEADERS = ["环节", "企业名称", "企业代码", "不相关原因", "标记人", "标记时间"]


@login_required
@access(scoped("chain"))
def target_marks_xlsx(request: HttpRequest, code: str) -> HttpResponse:
    chain = get_chain_for_user(request.user, code=code)
    rows = [
        [
            m.segment.name,
            m.company_name,
            m.company_key,
            m.reason,
            m.marked_by.get_full_name() or m.marked_by.username if m.marked_by else "",
            timezone.localtime(m.marked_at).strftime("%Y-%m-%d %H:%M"),
        ]
        for m in _marks(chain)
    ]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(
        f"招商目标不相关标记-{chain.name}-{stamp}.xlsx",
        "不相关标记",
        MARK_HEADERS,
        rows,
        title=f"{chain.name} 招商目标不相关标记（评估数据）",
    )


@login_required
@require_POST
@access(scoped("chain", write=True))
def target_unmark(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    chain = get_chain_for_user(request.user, code=code)
    if not can_edit_chain(request.user, chain):
        raise Http404(_("无权修改"))
    mark = _marks(chain).filter(pk=pk).first()
    if mark is None:
        raise Http404(_("没有该标记"))
    services.unmark_target(mark=mark, by=request.user)
    messages.success(request, _("已撤销对“%(name)s”的不相关标记") % {"name": mark.company_name})
    return redirect("knowledge:target_marks", code=chain.code)


# --- synonyms -----------------------------------------------------------------------------


@login_required
@access(SIGNED_IN)
def synonyms(request: HttpRequest) -> HttpResponse:
    """The synonym list: shipped groups and the office's additions (the office edits)."""
    from chainchief.knowledge.engine.synonyms import builtin_groups
    from chainchief.knowledge.models import Synonym

    can_edit = can_manage_city(request.user)
    if request.method == "POST":
        require_city_manager(request.user)
        try:
            services.add_synonym(
                text=request.POST.get("text", ""),
                scope=request.POST.get("scope", ""),
                note=request.POST.get("note", ""),
                by=request.user,
            )
            messages.success(request, _("已添加同义词组，各产业链的分析即刻生效"))
            return redirect("knowledge:synonyms")
        except services.SynonymInputError as exc:
            messages.error(request, str(exc))
    q = request.GET.get("q", "").strip()
    builtin = [g for g in builtin_groups() if not q or q in g.text]
    office = Synonym.objects.select_related("created_by").order_by("-id")
    if q:
        office = office.filter(text__icontains=q)
    return render(
        request,
        "knowledge/synonyms.html",
        _base(
            builtin=builtin,
            page=Paginator(office, 50).get_page(request.GET.get("page")),
            q=q,
            can_edit=can_edit,
            posted=request.POST if request.method == "POST" else {},
        ),
    )


@login_required
@require_POST
@access(OFFICE)
def synonym_delete(request: HttpRequest, pk: int) -> HttpResponse:
    from chainchief.knowledge.models import Synonym

    require_city_manager(request.user)
    synonym = Synonym.objects.filter(pk=pk).first()
    if synonym is None:
        raise Http404(_("没有该同义词组"))
    services.delete_synonym(synonym=synonym, by=request.user)
    messages.success(request, _("已删除同义词组“%(text)s”") % {"text": synonym.text})
    return redirect("knowledge:synonyms")


# --- the city's company universe ------------------------------------------------------------


@login_required
@access(SIGNED_IN)
def universe(request: HttpRequest) -> HttpResponse:
    """The registry of non-listed companies: counts, search, and (office) a link to its
    import, one list of the import framework (/imports/?kind=universe)."""
    from chainchief.knowledge.models import UniverseCompany
    from chainchief.knowledge.universe import universe_stats

    can_import = can_manage_city(request.user)
    q = request.GET.get("q", "").strip()
    companies = UniverseCompany.objects.order_by("-registered_capital", "id")
    if q:
        companies = companies.filter(name__icontains=q) | companies.filter(credit_code=q.upper())
    page = Paginator(companies, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "knowledge/universe.html",
        _base(stats=universe_stats(), page=page, q=q, can_import=can_import),
    )
