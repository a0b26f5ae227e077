from django.urls import path

from chainchief.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/", views.upload_detail, name="upload"),
    path("<int:pk>/apply/", views.upload_apply, name="apply"),
    path("template/<str:kind>.xlsx", views.template_download, name="template"),
]
