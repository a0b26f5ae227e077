"""Error pages in the app's layout, in Chinese, with a way back. The 500 page renders from
a template alone (no database, no context processors), so it still shows when the database
is down."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template import loader


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "400.html", status=400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "403.html", {"reason": _reason(exception)}, status=403)


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No RequestContext: its context processors query the database, which may be the failure.
    # The request id (accounts.middleware.RequestIdMiddleware) lets support find the request.
    context = {"request_id": getattr(request, "request_id", "")}
    return HttpResponse(loader.get_template("500.html").render(context), status=500)


def _reason(exception) -> str:
    text = str(exception or "")
    # Only our own Chinese messages are shown; Django's internal ones are not for users.
    return text if any("\u4e00" <= ch <= "\u9fff" for ch in text) else ""
