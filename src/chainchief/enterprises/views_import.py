"""The enterprise library's old import addresses, kept so bookmarks and links still work: the
page is the one import page (/imports/), the templates come from the framework."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from chainchief.accounts.access import OFFICE, access
from chainchief.enterprises.importing import KINDS
from chainchief.imports import views as import_views


@login_required
@access(OFFICE)
def import_page(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "enterprises")
    kind = kind if kind in KINDS else "enterprises"
    return redirect(f"{reverse('imports:home')}?kind={kind}")


@login_required
@access(OFFICE)
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    return import_views.template_download(request, kind)
