"""Writes around the workflow: enterprise visits (走访) and the portal's contact accounts."""

from __future__ import annotations

import datetime
import secrets
import string
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from chainchief.accounts.changelog import acting_user
from chainchief.accounts.models import Role, User
from chainchief.casework import services
from chainchief.casework.categories import check_category
from chainchief.casework.models import Source, Visit, VisitPoint
from chainchief.casework.services import CaseError


def log_visit(
    *,
    by,
    enterprise,
    visited_on: datetime.date,
    visitors: str,
    met: str = "",
    notes: str = "",
    points: Iterable[tuple[str, str]] = (),
    chain=None,
    is_demo: bool = False,
) -> Visit:
    """A visit with its points (text, category); each point may later become a case."""
    if visited_on > timezone.localdate():
        raise CaseError("走访日期不能晚于今天")
    if not visitors.strip():
        raise CaseError("走访人员不能为空")
    points = [(t.strip(), c or "other") for t, c in points if t and t.strip()]
    for i, (_, category) in enumerate(points, start=1):
        problem = check_category("problem", category)
        if problem:
            raise CaseError(f"第 {i} 条问题：{problem}")
    if chain is None:
        chain = enterprise.chains.order_by("id").first()
    with transaction.atomic(), acting_user(by):
        visit = Visit.objects.create(
            enterprise=enterprise,
            chain=chain,
            visited_on=visited_on,
            visitors=visitors.strip(),
            met=met.strip(),
            notes=notes.strip(),
            by=by,
            is_demo=is_demo,
        )
        VisitPoint.objects.bulk_create(
            [VisitPoint(visit=visit, text=t, category=c) for t, c in points]
        )
    return visit


def point_to_case(*, point: VisitPoint, by, urgency: str = "normal", is_demo: bool = False):
    """Turn a visit point into a case (source 走访登记), raised on the visit's date."""
    if point.case_id:
        raise CaseError(f"该问题已转为事项 {point.case.number}")
    visit = point.visit
    title = point.text.splitlines()[0][:60]
    with transaction.atomic():
        case = services.create_case(
            by=by,
            title=title,
            text=point.text,
            category=point.category,
            enterprise=visit.enterprise,
            chain=visit.chain,
            urgency=urgency,
            source=Source.VISIT,
            raised_on=visit.visited_on,
            extra={"visit_id": visit.pk},
            is_demo=is_demo,
        )
        updated = VisitPoint.objects.filter(pk=point.pk, case__isnull=True).update(case=case)
        if not updated:
            raise CaseError("该问题已被他人转为事项")
    point.case = case
    return case


def _password() -> str:
    alphabet = string.ascii_letters + string.digits
    core = "".join(secrets.choice(alphabet) for _ in range(10))
    return f"{core}#{secrets.randbelow(10)}a"


def invite_contacts(*, contacts: Iterable, by) -> list[tuple[User, str]]:
    """Create portal accounts for enterprise contacts (enterprises.Contact rows) that have
    none yet; returns (user, initial password) to hand over once. Usernames are the phone
    number when it is free, else the credit code with a suffix."""
    made: list[tuple[User, str]] = []
    with transaction.atomic(), acting_user(by):
        for contact in contacts:
            existing = User.objects.filter(
                role=Role.ENTERPRISE_CONTACT,
                enterprise_id=contact.enterprise_id,
                full_name=contact.name,
            ).first()
            if existing is not None:
                if not existing.is_active:
                    existing.is_active = True
                    existing.save(update_fields=["is_active"])
                continue
            base = "".join(ch for ch in contact.phone if ch.isdigit()) or (
                contact.enterprise.credit_code.lower()
            )
            username, n = base, 1
            while User.objects.filter(username=username).exists():
                n += 1
                username = f"{base}-{n}"
            password = _password()
            user = User(
                username=username,
                role=Role.ENTERPRISE_CONTACT,
                enterprise_id=contact.enterprise_id,
                full_name=contact.name,
                title=contact.title,
                phone=contact.phone,
                email=contact.email,
            )
            user.set_password(password)
            user.save()
            made.append((user, password))
    return made


def deactivate_contact(*, user: User, by) -> User:
    if user.role != Role.ENTERPRISE_CONTACT:
        raise CaseError("只能停用企业联系人账号")
    with acting_user(by):
        user.is_active = False
        user.save(update_fields=["is_active"])
    return user
