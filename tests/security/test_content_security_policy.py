"""Every page carries a Content-Security-Policy without inline script, and no template holds
an inline script or an inline event handler that the policy would block."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import chainchief
from chainchief.accounts.models import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db

TEMPLATES = sorted(Path(chainchief.__file__).parent.rglob("templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)


def test_pages_send_a_policy_that_forbids_inline_script(client):
    client.force_login(make_user(Role.CHAIN_OFFICE))
    policy = client.get("/").headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'self'" in script_src
    assert "unsafe-inline" not in script_src
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


def test_the_login_page_carries_it_too(client):
    assert "script-src 'self'" in client.get("/accounts/login/").headers["Content-Security-Policy"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(p.parents[3])))
def test_no_template_has_inline_script_or_handlers(template):
    text = template.read_text()
    assert not INLINE_SCRIPT.search(text), "move the script into a static .js file"
    assert not INLINE_HANDLER.search(text), "use a data- attribute handled in a static .js file"
