"""The settings area (系统设置) of the chain office and the system administrator: project
warning rules, the roles of the 六个一 organisation, departments, districts, parks, users and
their roles. One list/form/delete flow for every kind (search, pages, .xlsx export, a
confirmation before deleting); writes go through web/settings_services.py, for users
through accounts/services.py, and for departments, districts and parks through
places/services.py.

Other apps add their settings (the working calendar of casework) by shipping the panel
template `<app>/_settings_panel.html`, which the settings home includes when it exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from chainchief.accounts import scoping
from chainchief.accounts import services as accounts
from chainchief.accounts.access import SETTINGS_EDITOR, access
from chainchief.accounts.models import Role, User
from chainchief.chains.models import OrgRole
from chainchief.enterprises.models import Enterprise
from chainchief.places import services as places
from chainchief.places.models import Department, District, Park
from chainchief.projects.models import WarningRule
from chainchief.web import settings_services as services
from chainchief.web.excel import xlsx_response
from chainchief.web.panels import installed_panels

PAGE_SIZE = 50
SETTINGS_PANELS = ("casework/_settings_panel.html",)


def _require_settings_editor(user: User) -> None:
    if not scoping.can_edit_settings(user):
        raise PermissionDenied("仅产业链推进办公室或系统管理员可修改系统设置")


# --- forms -------------------------------------------------------------------------------


class DistrictForm(forms.ModelForm):
    class Meta:
        model = District
        fields = ["code", "name"]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not re.fullmatch(r"\d{6}", code):
            raise ValidationError(_("行政区划代码应为 6 位数字（GB/T 2260），例如 430405"))
        return code


class UserForm(forms.ModelForm):
    enterprise_code = forms.CharField(
        label=_lazy("所属企业（统一社会信用代码）"),
        required=False,
        help_text=_lazy("仅企业联系人需要填写"),
    )
    password = forms.CharField(
        label=_lazy("初始密码"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_lazy("新建用户时必填；用户首次登录后应自行修改"),
    )

    class Meta:
        model = User
        fields = ["username", "full_name", "role", "title", "phone", "department", "is_active"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["username"].disabled = True
            del self.fields["password"]
            if self.instance.enterprise_id:
                self.initial["enterprise_code"] = self.instance.enterprise.credit_code

    def clean_enterprise_code(self) -> Enterprise | None:
        code = self.cleaned_data["enterprise_code"].strip().upper()
        if not code:
            return None
        enterprise = Enterprise.objects.filter(credit_code=code).first()
        if enterprise is None:
            raise ValidationError(_("企业库中没有统一社会信用代码为 %(c)s 的企业") % {"c": code})
        return enterprise

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.ENTERPRISE_CONTACT and not data.get("enterprise_code"):
            self.add_error("enterprise_code", _("企业联系人须指定所属企业"))
        if data.get("role") in scoping.DEPARTMENT_SCOPED and not data.get("department"):
            self.add_error(
                "department",
                _("%(role)s须指定所在部门") % {"role": Role(data["role"]).label},
            )
        if "password" in self.fields and not data.get("password"):
            self.add_error("password", _("请填写初始密码"))
        return data


@dataclass(frozen=True)
class Section:
    key: str
    label: Any
    model: type[models.Model]
    fields: tuple[str, ...]
    columns: tuple[str, ...]
    search: tuple[str, ...] = ()
    form: type[forms.ModelForm] | None = None
    single: bool = False  # one row for the city (edited, never listed or deleted)
    deletable: bool = True
    select: tuple[str, ...] = field(default_factory=tuple)

    def form_class(self) -> type[forms.ModelForm]:
        return self.form or forms.modelform_factory(self.model, fields=list(self.fields))

    def queryset(self):
        qs = self.model._default_manager.select_related(*self.select)
        return qs if qs.ordered else qs.order_by("pk")


SECTIONS: dict[str, Section] = {
    s.key: s
    for s in (
        Section(
            "warning_rules",
            _lazy("项目预警规则"),
            WarningRule,
            ("stall_days",),
            ("stall_days",),
            single=True,
        ),
        Section(
            "org_roles",
            _lazy("六个一组织角色"),
            OrgRole,
            ("code", "name", "holder", "grants_scope", "optional", "default_duties", "sort"),
            ("sort", "code", "name", "holder", "grants_scope", "optional"),
            search=("code", "name"),
        ),
        Section(
            "departments",
            _lazy("部门"),
            Department,
            ("name", "short_name", "kind", "sort"),
            ("name", "short_name", "kind", "sort"),
            search=("name", "short_name"),
        ),
        Section(
            "districts",
            _lazy("县市区"),
            District,
            ("code", "name"),
            ("code", "name"),
            search=("code", "name"),
            form=DistrictForm,
        ),
        Section(
            "parks",
            _lazy("园区"),
            Park,
            ("name", "district", "kind", "description"),
            ("name", "district", "kind"),
            search=("name",),
            select=("district",),
        ),
        Section(
            "users",
            _lazy("用户与角色"),
            User,
            ("username", "full_name", "role", "title", "phone", "department", "is_active"),
            ("username", "full_name", "role", "department", "enterprise", "is_active"),
            search=("username", "full_name", "phone"),
            form=UserForm,
            deletable=False,
            select=("department", "enterprise"),
        ),
    )
}


def _section(key: str) -> Section:
    section = SECTIONS.get(key)
    if section is None:
        raise Http404("没有这个设置项")
    return section


def _cell(obj: models.Model, name: str) -> Any:
    display = getattr(obj, f"get_{name}_display", None)
    if display is not None:
        return display()
    value = getattr(obj, name)
    if isinstance(value, bool):
        return _("是") if value else _("否")
    return "" if value is None else value


def _headers(section: Section) -> list[str]:
    return [str(section.model._meta.get_field(name).verbose_name) for name in section.columns]


# The city's bodies are written by their own app's services (keywords = the form's fields).
PLACE_SAVES = {
    Department: ("department", places.save_department),
    District: ("district", places.save_district),
    Park: ("park", places.save_park),
}


# --- views -------------------------------------------------------------------------------


@login_required
@access(SETTINGS_EDITOR)
def settings_home(request: HttpRequest) -> HttpResponse:
    _require_settings_editor(request.user)
    rule = WarningRule.current()
    counts = {key: s.model._default_manager.count() for key, s in SECTIONS.items() if not s.single}
    return render(
        request,
        "web/settings/home.html",
        {
            "sections": [(s, counts.get(key)) for key, s in SECTIONS.items()],
            "rule": rule,
            "panels": installed_panels(SETTINGS_PANELS),
            "nav": "settings",
        },
    )


@login_required
@access(SETTINGS_EDITOR)
def settings_list(request: HttpRequest, section: str) -> HttpResponse:
    _require_settings_editor(request.user)
    s = _section(section)
    if s.single:
        return redirect("web:settings_add", section=s.key)
    q = request.GET.get("q", "").strip()
    rows = s.queryset()
    if q and s.search:
        match = Q()
        for name in s.search:
            match |= Q(**{f"{name}__icontains": q})
        rows = rows.filter(match)
    if request.GET.get("format") == "xlsx":
        return xlsx_response(
            f"{s.label}.xlsx",
            str(s.label),
            _headers(s),
            ([_cell(obj, c) for c in s.columns] for obj in rows),
        )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/settings/list.html",
        {
            "s": s,
            "q": q,
            "page": page,
            "headers": _headers(s),
            "rows": [(obj, [_cell(obj, c) for c in s.columns]) for obj in page],
            "nav": "settings",
        },
    )


def _values(form: forms.ModelForm, section: Section) -> dict[str, Any]:
    values = {
        name: form.cleaned_data[name]
        for name in section.fields
        if name in form.cleaned_data and not form.fields[name].disabled
    }
    if section.model is User:
        values["enterprise"] = form.cleaned_data.get("enterprise_code")
    return values


@login_required
@access(SETTINGS_EDITOR)
def settings_form(request: HttpRequest, section: str, pk: int | None = None) -> HttpResponse:
    _require_settings_editor(request.user)
    s = _section(section)
    if s.single:
        instance = s.model._default_manager.order_by("id").first() or s.model()
    elif pk:
        instance = get_object_or_404(s.queryset(), pk=pk)
    else:
        instance = s.model()
    form = s.form_class()(request.POST or None, instance=instance)
    read = request.POST.get("fingerprint") if request.method == "POST" else None
    if request.method == "POST" and form.is_valid():
        try:
            if s.model is User and instance.pk is None:
                values = _values(form, s)
                values.pop("username", None)
                accounts.create_user(
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password"],
                    values=values,
                    by=request.user,
                )
            else:
                # The form wrote the posted values on the instance; start again from the record.
                fresh = s.model._default_manager.get(pk=instance.pk) if instance.pk else s.model()
                if s.model in PLACE_SAVES:
                    key, save = PLACE_SAVES[s.model]
                    save(
                        **{key: fresh if fresh.pk else None},
                        **_values(form, s),
                        by=request.user,
                        read_fingerprint=read,
                    )
                else:
                    services.save_setting(
                        instance=fresh,
                        values=_values(form, s),
                        by=request.user,
                        read_fingerprint=read,
                    )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("已保存：%(what)s") % {"what": s.label})
            return redirect(
                "web:settings" if s.single else "web:settings_list", *([] if s.single else [s.key])
            )
    return render(
        request,
        "web/settings/form.html",
        {
            "s": s,
            "form": form,
            "instance": instance,
            "fingerprint": read if read is not None else services.fingerprint(instance),
            "nav": "settings",
        },
    )


@login_required
@require_POST
@access(SETTINGS_EDITOR)
def settings_delete(request: HttpRequest, section: str, pk: int) -> HttpResponse:
    _require_settings_editor(request.user)
    s = _section(section)
    instance = get_object_or_404(s.queryset(), pk=pk)
    try:
        if s.model is User:
            active = request.POST.get("active") == "1"
            accounts.set_user_active(user=instance, active=active, by=request.user)
            messages.success(
                request,
                (_("已启用账号“%(n)s”") if active else _("已停用账号“%(n)s”")) % {"n": instance},
            )
        elif not s.deletable or s.single:
            raise Http404("该设置项不能删除")
        else:
            delete = places.delete_place if s.model in PLACE_SAVES else services.delete_setting
            delete(
                instance=instance, by=request.user, read_fingerprint=request.POST.get("fingerprint")
            )
            messages.success(
                request, _("已删除“%(n)s”（可在变更记录中查看删除前内容）") % {"n": instance}
            )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("web:settings_list", s.key)
