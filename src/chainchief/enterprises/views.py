from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chainchief.accounts.access import CHAIN_EDITOR, CITY_STAFF, SIGNED_IN, access, scoped
from chainchief.accounts.models import Role
from chainchief.accounts.scoping import (
    can_edit_chain,
    can_manage_city,
    editable_chains,
    editable_enterprises,
    get_enterprise_for_user,
    get_rw_enterprise_for_user,
    visible_enterprises,
)
from chainchief.enterprises import selectors, services
from chainchief.enterprises.forms import ContactForm, EnterpriseForm, IndicatorForm, TierForm
from chainchief.enterprises.models import Contact, EnterpriseTier, MonthlyIndicator
from chainchief.places.models import Park
from chainchief.web.excel import xlsx_response
from chainchief.web.fragments import cached_fragment
from chainchief.web.panels import installed_panels

PAGE_SIZE = 50
ENTERPRISE_PANELS = (
    "knowledge/_enterprise_panel.html",
    "casework/_enterprise_panel.html",
    "pools/_enterprise_panel.html",
)


@login_required
@access(SIGNED_IN)
def enterprise_list(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.ENTERPRISE_CONTACT and request.user.enterprise_id:
        return redirect("enterprises:detail", pk=request.user.enterprise_id)

    def render_body() -> str:
        filters = selectors.EnterpriseFilters.from_query(request.GET)
        page = selectors.enterprise_page(request.user, filters, request.GET.get("page"), PAGE_SIZE)
        choices = selectors.filter_choices(request.user)
        context = {
            "page": page,
            "f": filters,
            "list_url": reverse("enterprises:list"),
            "tier_labels": dict(choices["tiers"]),
            **choices,
        }
        return render_to_string("enterprises/_list_body.html", context, request)

    return render(
        request,
        "enterprises/list.html",
        {
            "body": cached_fragment(request, "enterprise-list", render_body),
            "nav": "enterprises",
            "can_create": can_manage_city(request.user) or editable_chains(request.user).exists(),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@access(SIGNED_IN)
def enterprise_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as .xlsx, in the import template's columns (re-importable)."""
    from chainchief.enterprises.importing import enterprise_export_rows

    filters = selectors.EnterpriseFilters.from_query(request.GET)
    headers, rows = enterprise_export_rows(selectors.filter_enterprises(request.user, filters))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return xlsx_response(f"企业库-{stamp}.xlsx", "企业", headers, rows)


@login_required
@access(scoped("enterprise"))
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_enterprise_for_user(request.user, pk=pk)
    rows = selectors.indicator_series(enterprise)
    return render(
        request,
        "enterprises/detail.html",
        {
            "e": enterprise,
            "tiers": enterprise.tiers.select_related("chain"),
            "contacts": enterprise.contacts.all(),
            "chains": enterprise.chains.all(),
            "segments": enterprise.segments.select_related("chain"),
            "indicators": list(reversed(rows)),
            "chart_option": selectors.indicator_chart_option(rows),
            "can_edit": editable_enterprises(request.user).filter(pk=enterprise.pk).exists(),
            "panels": installed_panels(ENTERPRISE_PANELS),
            "tier_form": TierForm(enterprise=enterprise),
            "contact_form": ContactForm(),
            "indicator_form": IndicatorForm(),
            "nav": "enterprises",
        },
    )


def _enterprise_form(request: HttpRequest, instance=None) -> HttpResponse:
    chains = editable_chains(request.user)
    form = EnterpriseForm(request.POST or None, instance=instance, chains_qs=chains)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.save_enterprise(
                by=request.user, enterprise=instance, **form.service_fields()
            )
        except services.EnterpriseError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, str(exc))
        else:
            messages.success(request, _("已保存企业“%(name)s”") % {"name": enterprise.name})
            return redirect("enterprises:detail", pk=enterprise.pk)
    return render(
        request, "enterprises/form.html", {"form": form, "e": instance, "nav": "enterprises"}
    )


@login_required
@access(CHAIN_EDITOR)
def enterprise_create(request: HttpRequest) -> HttpResponse:
    if not (can_manage_city(request.user) or editable_chains(request.user).exists()):
        return HttpResponse(_("无权新建企业"), status=403)
    return _enterprise_form(request)


@login_required
@access(scoped("enterprise", write=True))
def enterprise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _enterprise_form(request, get_rw_enterprise_for_user(request.user, pk=pk))


def _require_tier_chain_editable(user, chain) -> None:
    """A chain-specific tier (链主 of a chain) belongs to that chain: only its editors set it."""
    if chain is not None and not can_edit_chain(user, chain):
        raise PermissionDenied(_("无权修改其他产业链的梯队认定"))


def _require_tier_chain_editable(user, chain) -> None:
    """A chain-specific tier (链主 of a chain) belongs to that chain: only its editors set it."""
    if chain is not None and not can_edit_chain(user, chain):
        raise PermissionDenied(_("无权修改其他产业链的梯队认定"))


_CHILD_FORMS = {
    "tier": (TierForm, EnterpriseTier, _("梯队认定")),
    "contact": (ContactForm, Contact, _("联系人")),
    "indicator": (IndicatorForm, MonthlyIndicator, _("月度指标")),
}


@login_required
@require_POST
@access(scoped("enterprise", write=True))
def child_add(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind not in _CHILD_FORMS:
        raise Http404
    enterprise = get_rw_enterprise_for_user(request.user, pk=pk)
    form_class, _model, label = _CHILD_FORMS[kind]
    kwargs = {"enterprise": enterprise} if form_class is TierForm else {}
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        _require_tier_chain_editable(request.user, form.cleaned_data.get("chain"))
        try:
            services.save_child(
                kind=kind, enterprise=enterprise, by=request.user, **form.cleaned_data
            )
        except services.EnterpriseError as exc:
            messages.error(
                request, _("%(label)s未保存：%(errors)s") % {"label": label, "errors": exc}
            )
        else:
            messages.success(request, _("已保存%(label)s") % {"label": label})
    else:
        errors = "；".join(str(e) for errs in form.errors.values() for e in errs)
        messages.error(
            request, _("%(label)s未保存：%(errors)s") % {"label": label, "errors": errors}
        )
    return redirect(reverse("enterprises:detail", kwargs={"pk": enterprise.pk}) + f"#{kind}")


@login_required
@require_POST
@access(scoped("enterprise", write=True))
def child_delete(request: HttpRequest, pk: int, kind: str, child: int) -> HttpResponse:
    if kind not in _CHILD_FORMS:
        raise Http404
    enterprise = get_rw_enterprise_for_user(request.user, pk=pk)
    _form, model, label = _CHILD_FORMS[kind]
    obj = get_object_or_404(model, pk=child, enterprise=enterprise)
    _require_tier_chain_editable(request.user, getattr(obj, "chain", None))
    services.delete_child(obj=obj, by=request.user)
    messages.success(request, _("已删除%(label)s（删除前内容见变更记录）") % {"label": label})
    return redirect(reverse("enterprises:detail", kwargs={"pk": enterprise.pk}) + f"#{kind}")


@login_required
@access(CITY_STAFF)
def park_list(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.ENTERPRISE_CONTACT:
        return HttpResponse(_("无权查看园区"), status=403)
    return render(
        request,
        "enterprises/parks.html",
        {"parks": selectors.parks_for_list(request.user), "nav": "parks"},
    )


@login_required
@access(CITY_STAFF)
def park_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if request.user.role == Role.ENTERPRISE_CONTACT:
        return HttpResponse(_("无权查看园区"), status=403)
    park = get_object_or_404(Park.objects.select_related("district"), pk=pk)
    enterprises = visible_enterprises(request.user).filter(park=park).select_related("district")
    page = Paginator(enterprises.order_by("name"), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "enterprises/park.html",
        {"park": park, "page": page, "chains": park.chains.all(), "nav": "parks"},
    )
