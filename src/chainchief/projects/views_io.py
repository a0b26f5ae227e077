"""Downloads and uploads of the project library: the 五单 lists and the import (which is the
one import page, /imports/?kind=projects; the template comes from the framework)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from chainchief.accounts.access import SIGNED_IN, Rule, access
from chainchief.imports import views as import_views
from chainchief.places.models import City
from chainchief.projects import selectors
from chainchief.projects.exports import five_list_response
from chainchief.projects.importing import ProjectImporter

PROJECT_IMPORTER = Rule("project_importer", ProjectImporter.allowed)


@login_required
@access(SIGNED_IN)
def five_list_export(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in ("major", "key"):
        raise Http404("没有这个清单")
    qs = selectors.visible_projects(request.user)
    if request.GET.get("chain"):
        qs = qs.filter(chain__code=request.GET["chain"])
    return five_list_response(kind, qs, City.current().name)


@login_required
@access(PROJECT_IMPORTER)  # chain editors (ProjectImporter.allowed)
def import_template(request: HttpRequest) -> HttpResponse:
    return import_views.template_download(request, ProjectImporter.kind)


@login_required
@access(PROJECT_IMPORTER)
def import_page(request: HttpRequest) -> HttpResponse:
    return redirect(f"{reverse('imports:home')}?kind={ProjectImporter.kind}")
