from django import template

from chainchief.audit.models import FocusArea, RuleCode

register = template.Library()


@register.filter
def area_label(code: str) -> str:
    return str(FocusArea(code).label) if code in FocusArea.values else code


@register.filter
def rule_label(code: str) -> str:
    return str(RuleCode(code).label) if code in RuleCode.values else code


@register.filter
def has_audit_access(user) -> bool:
    """Whether the 审计 menu item shows: anyone who may see at least one finding."""
    from chainchief.audit.access import has_audit_access as check

    return bool(user.is_authenticated) and check(user)
