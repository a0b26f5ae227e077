"""The server-error page shows the request's id, the one its X-Request-ID header carries,
so support can find what the failed request did."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import path

from chainchief import urls as project_urls
from chainchief.accounts.access import PUBLIC, access


@access(PUBLIC)
def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom), *project_urls.urlpatterns]
handler500 = project_urls.handler500


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_the_error_page_shows_the_request_id():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    assert request_id.startswith("req-")
    assert f"<code>{request_id}</code>" in response.content.decode()
    assert "错误编号" in response.content.decode()
