from django.urls import path

from chainchief.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("changelog/", views.changelog, name="changelog"),
    path("changelog/export.xlsx", views.changelog_export, name="changelog_export"),
    path("security-log/", views.security_log, name="security_log"),
    path("security-log/export.xlsx", views.security_log_export, name="security_log_export"),
    path("users/", views.users, name="users"),
    path("users/<int:pk>/unlock/", views.unlock, name="unlock"),
    path("users/<int:pk>/role/", views.set_role, name="set_role"),
]
