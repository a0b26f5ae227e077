from django.urls import path

from chainchief.audit import views, views_findings

app_name = "audit"
urlpatterns = [
    path("", views.home, name="home"),
    path("panel/", views.cockpit_panel, name="cockpit_panel"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:year>/", views.plan_detail, name="plan"),
    path("plans/<int:year>/export.xlsx", views.plan_export, name="plan_export"),
    path("plans/<int:year>/items/", views.plan_item_add, name="plan_item_add"),
    path(
        "plans/<int:year>/items/<int:pk>/remove/", views.plan_item_remove, name="plan_item_remove"
    ),
    path("plans/<int:year>/items/<int:pk>/edit/", views.plan_item_edit, name="plan_item_edit"),
    path("plans/<int:year>/approve/", views.plan_approve, name="plan_approve"),
    path("plans/<int:year>/adjust/", views.plan_adjust, name="plan_adjust"),
    path("audits/", views.audit_list, name="audits"),
    path("audits/new/", views.audit_create, name="audit_create"),
    path("audits/<int:pk>/", views.audit_detail, name="audit"),
    path("audits/<int:pk>/move/", views.audit_move, name="audit_move"),
    path("audits/<int:pk>/documents/", views.document_add, name="document_add"),
    path("audits/<int:pk>/findings/", views_findings.finding_create, name="finding_create"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("findings/<int:pk>/", views_findings.finding_detail, name="finding"),
    path("findings/<int:pk>/share/", views_findings.finding_share, name="finding_share"),
    path("findings/<int:pk>/plan/", views_findings.rect_plan, name="rect_plan"),
    path("findings/<int:pk>/confirm/", views_findings.rect_confirm, name="rect_confirm"),
    path("findings/<int:pk>/progress/", views_findings.rect_progress, name="rect_progress"),
    path("findings/<int:pk>/submit/", views_findings.rect_submit, name="rect_submit"),
    path("findings/<int:pk>/review/", views_findings.rect_review, name="rect_review"),
    path("evidence/<int:pk>/", views_findings.evidence_download, name="evidence"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger.xlsx", views.ledger_export, name="ledger_export"),
    path("findings.xlsx", views.findings_export, name="findings_export"),
    path("warnings/", views_findings.warning_list, name="warnings"),
    path("warnings/<int:pk>/dismiss/", views_findings.warning_dismiss, name="warning_dismiss"),
    path("warnings/<int:pk>/convert/", views_findings.warning_convert, name="warning_convert"),
]
