"""`{% memo %}…{% endmemo %}`: render a block once per distinct value of what it reads.

The base layout's side menu is some thirty links (URL reversing, translations, if-tests)
that come out the same for every user with the same role and menu rules, and rendering it
was a good part of every page's cost. When the template is parsed, the tag collects every
variable the block reads (in `{{ }}`, `{% if %}`, `{% url %}`, `{% translate %}` and
`{% static %}`); when it renders, it resolves them and keys the HTML on their values (with
the language, the URL prefix and the autoescape mode), so the block is rendered once per
combination and process. A block holding any other tag, whose inputs cannot be seen, is
rendered every time: still correct, only slower (tests/web/test_layout_menu_is_memoised.py
checks the base layout's menu stays memoisable).
"""

from __future__ import annotations

from django import template
from django.db.models import Model
from django.template.base import (
    FilterExpression,
    Node,
    NodeList,
    TextNode,
    Variable,
    VariableNode,
)
from django.template.defaulttags import CommentNode, IfNode, LoadNode, URLNode
from django.templatetags.i18n import TranslateNode
from django.templatetags.static import StaticNode
from django.urls import get_script_prefix, get_urlconf
from django.utils.functional import Promise
from django.utils.translation import get_language

register = template.Library()
MAX_VARIANTS = 512  # per block and process: roles × menu rules × active item stay far below


class NotMemoisable(Exception):
    pass


def _condition_inputs(condition, found: list[FilterExpression]) -> None:
    # {% if %} conditions are trees of operators (first/second) over literals (value).
    if condition is None:
        return
    value = getattr(condition, "value", None)
    if isinstance(value, FilterExpression):
        found.append(value)
        return
    if not hasattr(condition, "first"):
        raise NotMemoisable(type(condition).__name__)
    _condition_inputs(condition.first, found)
    _condition_inputs(getattr(condition, "second", None), found)


def block_inputs(nodelist: NodeList) -> list[FilterExpression]:
    """Every expression the nodes read, once each and without literals ('web:cockpit',
    "驾驶舱"); NotMemoisable when a node's inputs are hidden."""
    unique: dict[str, FilterExpression] = {}
    for e in _expressions(nodelist):
        if e.filters or (isinstance(e.var, Variable) and e.var.literal is None):
            unique.setdefault(e.token, e)
    return list(unique.values())


def _expressions(nodelist: NodeList) -> list[FilterExpression]:
    found: list[FilterExpression] = []
    for node in nodelist:
        if isinstance(node, TextNode | LoadNode | CommentNode):
            continue
        if isinstance(node, VariableNode):
            found.append(node.filter_expression)
        elif isinstance(node, IfNode):
            for condition, branch in node.conditions_nodelists:
                _condition_inputs(condition, found)
                found += _expressions(branch)
        elif isinstance(node, URLNode) and not node.asvar:
            found += [node.view_name, *node.args, *node.kwargs.values()]
        elif isinstance(node, TranslateNode) and not node.asvar:
            found.append(node.filter_expression)
            if node.message_context is not None:
                found.append(node.message_context)
        elif isinstance(node, StaticNode) and not node.varname:
            found.append(node.path)
        else:
            raise NotMemoisable(type(node).__name__)
    return found


def _plain(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, Model):
        return (value._meta.label, value.pk)
    return (type(value).__qualname__, bool(value), str(value))


class MemoNode(Node):
    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist
        try:
            self.inputs: list[FilterExpression] | None = block_inputs(nodelist)
        except NotMemoisable:
            self.inputs = None
        else:
            # A memoisable block holds no {% block %} (only the nodes above), so `{% extends %}`,
            # which looks for blocks in the whole layout on every render, need not walk it.
            self.child_nodelists = ()
        self.rendered: dict[tuple, str] = {}

    def render(self, context) -> str:
        if self.inputs is None:
            return self.nodelist.render(context)
        key = (
            get_language(),
            get_script_prefix(),
            get_urlconf(),
            context.autoescape,
            *(_plain(e.resolve(context)) for e in self.inputs),
        )
        html = self.rendered.get(key)
        if html is None:
            html = self.nodelist.render(context)
            if len(self.rendered) >= MAX_VARIANTS:
                self.rendered.clear()
            self.rendered[key] = html
        return html


@register.tag
def memo(parser, token) -> MemoNode:
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(nodelist)
