"""The side menu renders once per role and menu rules (the {% memo %} tag), keyed on what it
reads: each role still gets its own menu, the active item follows the page, and a block
whose inputs the tag cannot see renders every time."""

from __future__ import annotations

import pytest
from django.template import engines
from django.template.loader import get_template
from django.urls import reverse

from chainchief.accounts.models import Role
from chainchief.web.templatetags.layout import MemoNode
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _memo_nodes(template) -> list[MemoNode]:
    found = []

    def walk(nodelist):
        for node in nodelist:
            if isinstance(node, MemoNode):
                found.append(node)
            for name in getattr(node, "child_nodelists", ()):
                walk(getattr(node, name, None) or [])

    walk(template.nodelist)
    return found


def test_the_base_layouts_menu_is_memoisable():
    nodes = _memo_nodes(get_template("web/base.html").template)
    assert len(nodes) == 1
    inputs = {e.token for e in nodes[0].inputs}
    assert {"nav", "user.role", "can_manage_city", "show_audit_menu"} <= inputs


def test_each_role_gets_its_own_menu_and_the_active_item_follows_the_page(client):
    office, contact = make_user(Role.CHAIN_OFFICE), make_user(Role.ENTERPRISE_CONTACT)
    imports = f'href="{reverse("imports:home")}"'
    client.force_login(office)
    assert imports in client.get(reverse("jobs:list")).content.decode()
    client.force_login(contact)
    page = client.get(reverse("jobs:list")).content.decode()
    assert imports not in page
    assert "我的诉求" in page
    client.force_login(office)
    jobs_link = f'<a href="{reverse("jobs:list")}" class="active">'
    assert jobs_link in client.get(reverse("jobs:list")).content.decode()
    assert jobs_link not in client.get(reverse("casework:inbox")).content.decode()


def test_a_memo_block_renders_once_per_value_it_reads():
    template = engines["django"].from_string(
        "{% load layout %}{% memo %}{% if x %}[{{ y }}]{% endif %}{% endmemo %}"
    )
    assert template.render({"x": True, "y": "一"}) == "[一]"
    assert template.render({"x": True, "y": "二"}) == "[二]"
    assert template.render({"x": False, "y": "二"}) == ""
    assert template.render({"x": True, "y": "一"}) == "[一]"


def test_a_memo_block_with_a_tag_it_cannot_see_into_renders_every_time():
    template = engines["django"].from_string(
        "{% load layout %}{% memo %}{% for i in items %}{{ i }}{% endfor %}{% endmemo %}"
    )
    assert _memo_nodes(template.template)[0].inputs is None
    assert template.render({"items": [1, 2]}) == "12"
    assert template.render({"items": [3]}) == "3"
