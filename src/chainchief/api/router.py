"""The JSON API: one router per app, the OpenAPI schema at /api/openapi.json, docs at /api/docs."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.security import SessionAuth

api = NinjaAPI(
    title="ChainChief API",
    version="1",
    description="链长制工作平台 JSON 接口。所有接口与页面使用同一套权限检查；登录后以会话访问。",
    auth=SessionAuth(),
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "无权访问"}, status=403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "不存在"}, status=404)


def _register() -> None:
    from chainchief.chains.api import router as chains_router
    from chainchief.enterprises.api import router as enterprises_router

    api.add_router("/chains", chains_router)
    api.add_router("/enterprises", enterprises_router)
    for module, prefix in (
        ("chainchief.knowledge.api", "/knowledge"),
        ("chainchief.projects.api", "/projects"),
        ("chainchief.audit.api", "/audit"),
        ("chainchief.casework.api", "/cases"),
        ("chainchief.evaluation.api", "/evaluation"),
    ):
        try:
            router = __import__(module, fromlist=["router"]).router
        except ModuleNotFoundError:
            continue
        api.add_router(prefix, router)


_register()
