from django.contrib import admin
from django.urls import include, path

from chainchief.api.router import api

handler400 = "chainchief.web.errors.bad_request"
handler403 = "chainchief.web.errors.permission_denied"
handler404 = "chainchief.web.errors.page_not_found"
handler500 = "chainchief.web.errors.server_error"

urlpatterns = [
    path("accounts/", include("chainchief.accounts.urls")),
    path("chains/", include("chainchief.chains.urls")),
    path("enterprises/", include("chainchief.enterprises.urls")),
    path("knowledge/", include("chainchief.knowledge.urls")),
    path("projects/", include("chainchief.projects.urls")),
    path("jobs/", include("chainchief.jobs.urls")),
    path("imports/", include("chainchief.imports.urls")),
    path("cases/", include("chainchief.casework.urls")),
    path("settings/cases/", include("chainchief.casework.urls_settings")),
    path("pools/", include("chainchief.pools.urls")),
    path("audit/", include("chainchief.audit.urls")),
    path("evaluation/", include("chainchief.evaluation.urls")),
    path("reports/", include("chainchief.reports.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("chainchief.web.urls")),
]
