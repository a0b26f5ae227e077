from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from chainchief.accounts.forms import LoginForm
from chainchief.accounts.models import ChangeLog
from chainchief.accounts.scoping import require_city_manager


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


@login_required
def changelog(request: HttpRequest) -> HttpResponse:
    require_city_manager(request.user)
    entries = ChangeLog.objects.select_related("user")
    q = request.GET.get("q", "").strip()
    if q:
        entries = entries.filter(object_repr__icontains=q) | entries.filter(user_name__icontains=q)
    object_type = request.GET.get("type", "").strip()
    if object_type:
        entries = entries.filter(object_type=object_type)
    action = request.GET.get("action", "").strip()
    if action:
        entries = entries.filter(action=action)
    page = Paginator(entries.order_by("-time", "-id"), 50).get_page(request.GET.get("page"))
    types = (
        ChangeLog.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
    )
    return render(
        request,
        "accounts/changelog.html",
        {
            "page": page,
            "q": q,
            "types": types,
            "type": object_type,
            "action": action,
            "actions": ChangeLog.Action.choices,
            "nav": "changelog",
        },
    )
