from django.urls import path

from chainchief.enterprises import views, views_import

app_name = "enterprises"
urlpatterns = [
    path("", views.enterprise_list, name="list"),
    path("export.xlsx", views.enterprise_export, name="export"),
    path("import/", views_import.import_page, name="import"),
    path("import/template/<str:kind>.xlsx", views_import.import_template, name="import_template"),
    path("parks/", views.park_list, name="parks"),
    path("parks/<int:pk>/", views.park_detail, name="park"),
    path("new/", views.enterprise_create, name="create"),
    path("<int:pk>/", views.enterprise_detail, name="detail"),
    path("<int:pk>/edit/", views.enterprise_edit, name="edit"),
    path("<int:pk>/<str:kind>/add/", views.child_add, name="child_add"),
    path("<int:pk>/<str:kind>/<int:child>/delete/", views.child_delete, name="child_delete"),
]
