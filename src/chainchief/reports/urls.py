from django.urls import path

from chainchief.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("request/", views.report_request, name="request"),
    path("<int:pk>/<str:which>/", views.report_download, name="download"),
    path("templates/default.docx", views.default_template, name="default_template"),
    path("templates/upload/", views.template_upload, name="template_upload"),
    path("templates/<int:pk>/deactivate/", views.template_deactivate, name="template_deactivate"),
]
