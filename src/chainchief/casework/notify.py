"""In-app notifications (站内消息) for cases, and e-mail when SMTP is configured.

Who hears of what: assignment → the handlers of every unit; answer → the enterprise's
contacts and the dispatchers; 不满意 → the dispatchers; extension request → dispatchers;
yellow card → the 主办 handlers; red card → the 主办 handlers plus whom the kind names in
`red_notifies` (by default the 主办 unit's 部门负责人 and the chain's chief).
A notification with a `key` is sent once per user (reminders of the daily tick).
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Iterable, Iterator

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction

from chainchief.accounts.models import Role, User
from chainchief.casework.kinds import CaseKind, get_kind
from chainchief.casework.models import Case, CaseEvent, Notification, Rating

log = logging.getLogger(__name__)
_muted: contextvars.ContextVar[bool] = contextvars.ContextVar("casework_muted", default=False)


@contextlib.contextmanager
def muted() -> Iterator[None]:
    """Send nothing inside the block (the demo's history of past months)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def _department_handlers(department_ids: Iterable[int]) -> list[User]:
    ids = [i for i in department_ids if i]
    if not ids:
        return []
    return list(
        User.objects.filter(role=Role.DEPARTMENT_HANDLER, department_id__in=ids, is_active=True)
    )


def _contacts(case: Case) -> list[User]:
    if not case.enterprise_id:
        return [case.raised_by] if case.raised_by_id else []
    return list(
        User.objects.filter(
            role=Role.ENTERPRISE_CONTACT, enterprise_id=case.enterprise_id, is_active=True
        )
    )


def dispatchers(case: Case) -> list[User]:
    users = list(User.objects.filter(role=Role.CHAIN_OFFICE, is_active=True))
    if case.chain_id:
        users += list(
            User.objects.filter(
                role=Role.DEPUTY_DIRECTOR,
                is_active=True,
                chain_roles__chain_id=case.chain_id,
                chain_roles__role__grants_scope=True,
            ).distinct()
        )
    return users


def _chiefs(case: Case) -> list[User]:
    if not case.chain_id:
        return []
    return list(
        User.objects.filter(
            role=Role.CHAIN_CHIEF,
            is_active=True,
            chain_roles__chain_id=case.chain_id,
            chain_roles__role__code="chief",
        ).distinct()
    )


def send(users: Iterable[User], case: Case | None, kind: str, text: str, key: str = "") -> int:
    if _muted.get():
        return 0
    sent = 0
    seen: set[int] = set()
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        if key:
            try:
                with transaction.atomic():
                    Notification.objects.create(
                        user=user, case=case, kind=kind, text=text[:300], key=key
                    )
            except IntegrityError:
                continue
        else:
            Notification.objects.create(user=user, case=case, kind=kind, text=text[:300])
        sent += 1
        _mail(user, text)
    return sent


def _mail(user: User, text: str) -> None:
    if (
        not user.email
        or not getattr(settings, "EMAIL_HOST", "")
        or settings.EMAIL_HOST
        in (
            "localhost",
            "127.0.0.1",
        )
    ):
        return
    try:
        send_mail("【链长制督办】" + text[:60], text, None, [user.email], fail_silently=True)
    except Exception:  # mail must never break a transition
        log.exception("mail to %s failed", user.pk)


def case_raised(case: Case) -> None:
    if _muted.get():
        return
    send(dispatchers(case), case, "raised", f"新事项待受理：{case.number} {case.title}")


def after_transition(case: Case, event: CaseEvent) -> None:
    if _muted.get():
        return
    title = f"{case.number} {case.title}"
    action = event.action
    if action == "assign":
        ids = list(case.units.values_list("department_id", flat=True))
        send(
            _department_handlers(ids),
            case,
            "assigned",
            f"新交办事项：{title}，请于 {case.due_on} 前答复",
        )
    elif action == "hand_back":
        send(dispatchers(case), case, "handed_back", f"事项被退回：{title}。理由：{event.comment}")
    elif action in ("request_info",):
        send(_contacts(case), case, "question", f"承办单位请您补充：{title}。{event.comment}")
    elif action == "supply_info":
        send(
            _department_handlers([case.lead_department_id]),
            case,
            "supplied",
            f"企业已补充说明：{title}",
        )
    elif action == "request_extension":
        send(dispatchers(case), case, "extension", f"延期申请待审批：{title}")
    elif action in ("approve_extension", "refuse_extension"):
        send(
            _department_handlers([case.lead_department_id]),
            case,
            action,
            f"{event.label}：{title}，期限 {case.due_on}",
        )
    elif action == "answer":
        send(
            _contacts(case) + dispatchers(case),
            case,
            "answered",
            f"事项已答复，请回访评价：{title}",
        )
    elif action == "rate" and case.rating == Rating.UNSATISFIED:
        send(dispatchers(case), case, "unsatisfied", f"企业不满意，请重办或说明理由办结：{title}")
    elif action == "reopen":
        send(
            _department_handlers(case.units.values_list("department_id", flat=True)),
            case,
            "reopened",
            f"事项重办：{title}，请于 {case.due_on} 前重新答复",
        )
    elif action == "remind":
        targets = _department_handlers([case.lead_department_id]) or dispatchers(case)
        send(targets, case, "reminder", f"催办：{title}。{event.comment}")


def _red_notifies(kind_code: str) -> tuple[str, ...]:
    try:
        return get_kind(kind_code).red_notifies
    except ValueError:  # a kind no longer registered: the workflow's default
        return CaseKind.__dataclass_fields__["red_notifies"].default


def _smtp_configured() -> bool:
    host = getattr(settings, "EMAIL_HOST", "")
    return bool(host) and host not in ("localhost", "127.0.0.1")


def escalations(cases: Iterable[Case]) -> int:
    """Reminders for cases that just got a card, in a few queries for any number of cases;
    keyed (card, case, deadline) so a rerun sends nothing twice."""
    from chainchief.chains.models import ChainOrgMember

    if _muted.get():
        return 0
    cases = list(cases)
    if not cases:
        return 0
    handlers: dict[int, list[User]] = {}
    heads: dict[int, list[User]] = {}
    for user in User.objects.filter(
        role__in=[Role.DEPARTMENT_HANDLER, Role.DEPARTMENT_HEAD],
        is_active=True,
        department_id__in={c.lead_department_id for c in cases if c.lead_department_id},
    ):
        group = heads if user.role == Role.DEPARTMENT_HEAD else handlers
        group.setdefault(user.department_id, []).append(user)
    kinds: dict[str, tuple[str, ...]] = {}
    office = list(User.objects.filter(role=Role.CHAIN_OFFICE, is_active=True))
    deputies: dict[int, list[User]] = {}
    chiefs: dict[int, list[User]] = {}
    members = ChainOrgMember.objects.filter(
        chain_id__in={c.chain_id for c in cases if c.chain_id},
        user__is_active=True,
        role__code__in=["chief", "deputy_director"],
    ).select_related("user", "role")
    for m in members:
        if m.role.code == "chief" and m.user.role == Role.CHAIN_CHIEF:
            chiefs.setdefault(m.chain_id, []).append(m.user)
        elif m.user.role == Role.DEPUTY_DIRECTOR and m.role.grants_scope:
            deputies.setdefault(m.chain_id, []).append(m.user)
    planned: list[tuple[User, Notification]] = []
    for case in cases:
        title = f"{case.number} {case.title}"
        key = f"{case.card}:{case.pk}:{case.due_on}"
        targets = handlers.get(case.lead_department_id) or (
            office + deputies.get(case.chain_id, [])
        )
        if case.card == "yellow":
            text = f"黄牌预警：{title} 将于 {case.due_on} 到期"
        elif case.card == "red":
            text = f"红牌督办：{title} 已超过办理期限（{case.due_on}）"
            if case.kind not in kinds:
                kinds[case.kind] = _red_notifies(case.kind)
            also = {
                "lead_head": heads.get(case.lead_department_id, []),
                "chain_chief": chiefs.get(case.chain_id, []),
            }
            targets = targets + [u for who in kinds[case.kind] for u in also.get(who, [])]
        else:
            continue
        seen: set[int] = set()
        for user in targets:
            if user.pk not in seen:
                seen.add(user.pk)
                planned.append(
                    (
                        user,
                        Notification(
                            user=user, case=case, kind=case.card, text=text[:300], key=key
                        ),
                    )
                )
    keys = sorted({n.key for _, n in planned})
    already = set()
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        already |= set(Notification.objects.filter(key__in=chunk).values_list("user_id", "key"))
    fresh = [(u, n) for u, n in planned if (u.pk, n.key) not in already]
    Notification.objects.bulk_create([n for _, n in fresh], batch_size=1000, ignore_conflicts=True)
    if _smtp_configured():
        for user, note in fresh:
            _mail(user, note.text)
    return len(fresh)
