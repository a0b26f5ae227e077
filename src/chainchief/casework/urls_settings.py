"""The workflow's part of the settings area, mounted at /settings/cases/."""

from django.urls import path

from chainchief.casework import views_settings

app_name = "casework_settings"
urlpatterns = [
    path("categories/", views_settings.category_list, name="categories"),
    path("categories/new/", views_settings.category_form, name="category_new"),
    path("categories/<int:pk>/", views_settings.category_form, name="category_edit"),
    path("categories/<int:pk>/move/", views_settings.category_move, name="category_move"),
    path("categories/<int:pk>/delete/", views_settings.category_delete, name="category_delete"),
    path("ranking/", views_settings.ranking_settings, name="ranking"),
]
