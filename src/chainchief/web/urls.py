from django.urls import path

from chainchief.web import views, views_settings

app_name = "web"
urlpatterns = [
    path("", views.cockpit, name="cockpit"),
    path("cockpit/<str:code>/", views.chain_cockpit, name="chain_cockpit"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("settings/", views_settings.settings_home, name="settings"),
    path("settings/<str:section>/", views_settings.settings_list, name="settings_list"),
    path("settings/<str:section>/new/", views_settings.settings_form, name="settings_add"),
    path("settings/<str:section>/<int:pk>/", views_settings.settings_form, name="settings_edit"),
    path(
        "settings/<str:section>/<int:pk>/delete/",
        views_settings.settings_delete,
        name="settings_delete",
    ),
]
