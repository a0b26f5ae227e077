"""A safety net for faults a user can do nothing about but retry: a busy database (SQLite's
"database is locked" after the busy timeout) answers 503 with a Chinese message instead of
a server error, as a page or as JSON under /api/. A NUL character in the address answers
400 (no page can match it, and PostgreSQL refuses it in a query)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse

logger = logging.getLogger(__name__)

BUSY_MESSAGE = "系统繁忙（数据库正在处理其他写入），您的操作未保存，请稍后重试"


def is_database_busy(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, OperationalError) and (
        "database is locked" in text or "database table is locked" in text
    )


def busy_response(request: HttpRequest) -> HttpResponse:
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse({"detail": BUSY_MESSAGE}, status=503)
    else:
        response = HttpResponse(
            '<!doctype html><html lang="zh-hans"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<title>系统繁忙</title></head><body style="font-family:sans-serif;padding:2em">'
            f"<h1>系统繁忙</h1><p>{BUSY_MESSAGE}</p>"
            '<p><a href="javascript:history.back()">返回上一页</a> · <a href="/">返回首页</a></p>'
            "</body></html>",
            status=503,
            content_type="text/html; charset=utf-8",
        )
    response["Retry-After"] = "5"
    return response


NUL_MESSAGE = "请求地址含有不允许的空字符（NUL），已拒绝"


class DatabaseBusyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # A NUL in the path or query can match nothing, and PostgreSQL refuses it in text.
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": NUL_MESSAGE}, status=400)
            return HttpResponse(NUL_MESSAGE, status=400, content_type="text/plain; charset=utf-8")
        try:
            return self.get_response(request)
        except OperationalError as exc:
            # Raised outside the view (sessions, log-in, middleware writes).
            if not is_database_busy(exc):
                raise
            logger.warning("database busy on %s %s", request.method, request.path)
            return busy_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if is_database_busy(exc):
            logger.warning("database busy on %s %s", request.method, request.path)
            return busy_response(request)
        return None
