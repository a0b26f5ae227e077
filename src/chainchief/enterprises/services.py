"""Writes to the enterprise library. Keyword data in, not forms, so the form, the API and
the import share one validation; bulk imports live in imports/ and call the same parsers.

Edits carry the version the user read (see core.versioning); links to chains the user may
not edit are kept whatever the user submits, since the form did not offer them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import IntegrityError, transaction

from chainchief.accounts.changelog import acting_user
from chainchief.accounts.models import User
from chainchief.accounts.scoping import editable_chains
from chainchief.core.values import COUNT, InvalidValue, parse_date, parse_money, parse_month
from chainchief.core.versioning import StaleEdit, save_versioned
from chainchief.enterprises.models import (
    Contact,
    Enterprise,
    EnterpriseTier,
    MonthlyIndicator,
    Tier,
)
from chainchief.enterprises.validators import normalize_credit_code

EDITABLE_FIELDS = (
    "name", "credit_code", "district", "park", "main_products", "business_scope",
    "established_on", "liaison_official", "note",
)  # fmt: skip


class EnterpriseError(ValueError):
    """A rule was broken; the message is for the user, in Chinese. Nothing was written.
    `field` names the form field it concerns, when one does."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class StaleEnterprise(EnterpriseError):
    """The enterprise changed since the user read it."""


def _clean(fields: dict, *, instance: Enterprise | None, look_up_clashes: bool = True) -> dict:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise EnterpriseError(f"不能直接修改：{'、'.join(sorted(unknown))}")
    out = dict(fields)
    if "name" in out:
        out["name"] = str(out["name"] or "").strip()
        if not out["name"]:
            raise EnterpriseError("企业名称不能为空", field="name")
        if len(out["name"]) > 200:
            raise EnterpriseError("企业名称不能超过 200 个字", field="name")
    if "name" in out and look_up_clashes:
        clash = Enterprise.objects.filter(name=out["name"])
        if instance is not None and instance.pk:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            raise EnterpriseError(f"企业名称“{out['name']}”已存在", field="name")
    try:
        if "credit_code" in out:
            out["credit_code"] = normalize_credit_code(out["credit_code"])
        if "established_on" in out:
            out["established_on"] = parse_date(out["established_on"], label="成立日期")
    except InvalidValue as exc:
        key = "credit_code" if "信用代码" in str(exc) else "established_on"
        raise EnterpriseError(str(exc), field=key) from exc
    if "credit_code" in out and look_up_clashes:
        clash = Enterprise.objects.filter(credit_code=out["credit_code"])
        if instance is not None and instance.pk:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            raise EnterpriseError(
                f"统一社会信用代码 {out['credit_code']} 已存在（属于企业库中的另一家企业）",
                field="credit_code",
            )
    if out.get("established_on") and out["established_on"] > datetime.date.today():
        raise EnterpriseError("成立日期不能晚于今天", field="established_on")
    return out


def _links(enterprise: Enterprise | None, by: User, chains, segments) -> tuple[list, list]:
    """The chains and segments to store: those submitted (within the user's editable chains)
    plus the existing links outside them, which the user could not see in the form."""
    chains = list(chains or [])
    segments = list(segments or [])
    chosen = {c.pk for c in chains}
    stray = [s for s in segments if s.chain_id not in chosen]
    if stray:
        raise EnterpriseError(
            f"环节“{stray[0].name}”属于产业链“{stray[0].chain.name}”，请同时选择该产业链",
            field="segments",
        )
    editable = set(editable_chains(by).values_list("id", flat=True))
    outside = [c for c in chains if c.pk not in editable]
    if outside:
        raise EnterpriseError(f"无权把企业加入产业链“{outside[0].name}”", field="chains")
    if enterprise is not None and enterprise.pk:
        chains += list(enterprise.chains.exclude(pk__in=editable))
        segments += list(enterprise.segments.exclude(chain__in=editable))
    return chains, segments


def save_enterprise(
    *,
    by: User,
    enterprise: Enterprise | None = None,
    version: int | None = None,
    chains: Iterable | None = None,
    segments: Iterable | None = None,
    **fields,
) -> Enterprise:
    """Create (enterprise=None) or update an enterprise from keyword data. An update based on
    an older `version` raises StaleEnterprise naming what changed; an unchanged save writes
    and logs nothing."""
    fields = _clean(fields, instance=enterprise)
    m2m = None
    if chains is not None or segments is not None:
        kept_chains, kept_segments = _links(enterprise, by, chains, segments)
        m2m = {"chains": kept_chains, "segments": kept_segments}
    target = enterprise if enterprise is not None else Enterprise()
    # Stored texts (a bound ModelForm may have changed the instance already).
    texts = (
        Enterprise.objects.filter(pk=target.pk)
        .values_list("main_products", "business_scope")
        .first()
        if target.pk
        else None
    )
    try:
        with transaction.atomic():
            save_versioned(target, version=version, fields=fields, m2m=m2m, by=by)
    except StaleEdit as exc:
        raise StaleEnterprise(str(exc)) from exc
    except IntegrityError as exc:
        raise EnterpriseError("企业名称或统一社会信用代码与企业库中的另一家企业重复") from exc
    if texts != (target.main_products, target.business_scope):
        from chainchief.enterprises.imports.matching import start_matching

        start_matching(enterprise_ids=[target.pk], user=by)  # a job; the page's panel shows it
    return target


def add_tier(
    *,
    enterprise: Enterprise,
    by: User,
    tier: str,
    chain=None,
    gained_on: datetime.date | None = None,
) -> EnterpriseTier:
    """Record a tier; a second add of the same tier (even at the same instant) answers as a
    duplicate, never as a database error."""
    row = _tier_row(enterprise=enterprise, tier=tier, chain=chain, gained_on=gained_on)
    duplicate = EnterpriseError(f"该企业已有“{Tier(tier).label}”梯队认定", field="tier")
    # No read-then-write check: the unique constraint settles two adds at the same instant.
    try:
        with transaction.atomic(), acting_user(by):
            row.save()
            return row
    except IntegrityError as exc:
        raise duplicate from exc


def _tier_row(*, enterprise: Enterprise, tier: str, chain=None, gained_on=None) -> EnterpriseTier:
    """The tier as a row, by the rules of add_tier (shared with the bulk path)."""
    if tier not in Tier.values:
        raise EnterpriseError(f"梯队“{tier}”不存在", field="tier")
    if tier == Tier.ANCHOR and chain is None:
        raise EnterpriseError("链主企业须选择所在产业链", field="chain")
    try:
        gained_on = parse_date(gained_on, label="认定日期")
    except InvalidValue as exc:
        raise EnterpriseError(str(exc), field="gained_on") from exc
    return EnterpriseTier(enterprise=enterprise, tier=tier, chain=chain, gained_on=gained_on)


def add_contact(
    *, enterprise: Enterprise, by: User, name: str, title: str = "", phone: str = "",
    email: str = "",
) -> Contact:  # fmt: skip
    row = _contact_row(enterprise=enterprise, name=name, title=title, phone=phone, email=email)
    with transaction.atomic(), acting_user(by):
        row.save()
        return row


def _contact_row(
    *, enterprise: Enterprise, name: str, title: str = "", phone: str = "", email: str = ""
) -> Contact:
    name = (name or "").strip()
    if not name:
        raise EnterpriseError("联系人姓名不能为空", field="name")
    return Contact(
        enterprise=enterprise, name=name[:50], title=(title or "")[:50],
        phone=(phone or "")[:30], email=email or "",
    )  # fmt: skip


def save_indicator(
    *,
    enterprise: Enterprise,
    by: User,
    month: object,
    output_value: Decimal | str | None = None,
    revenue: Decimal | str | None = None,
    tax: Decimal | str | None = None,
    employees: int | str | None = None,
) -> MonthlyIndicator:
    """The month's figures (万元, bounded); a month already there is overwritten."""
    month, values = _indicator_values(month, output_value, revenue, tax, employees)
    with transaction.atomic(), acting_user(by):
        row = MonthlyIndicator.objects.filter(enterprise=enterprise, month=month).first()
        row = row or MonthlyIndicator(enterprise=enterprise, month=month)
        for key, value in values.items():
            setattr(row, key, value)
        row.save()
    return row


def _indicator_values(month, output_value, revenue, tax, employees) -> tuple[datetime.date, dict]:
    """A month's figures checked and bounded (shared by save_indicator and the bulk path)."""
    try:
        values = {
            "output_value": parse_money(output_value, label="产值"),
            "revenue": parse_money(revenue, label="营业收入"),
            "tax": parse_money(tax, label="税收"),
        }
        count = COUNT.check(employees, label="从业人数")
        values["employees"] = int(count) if count is not None else None
        return parse_month(month), values
    except InvalidValue as exc:
        raise EnterpriseError(str(exc)) from exc


def create_enterprises(*, by: User | None, rows: list[dict]) -> list[Enterprise]:
    """Create many new enterprises at once (the demo city, by the system): each row holds
    save_enterprise's keyword data (`chains` and `segments` as objects, plus `tiers` and
    `contacts` as lists of add_tier / add_contact keywords and `indicators` as lists of
    save_indicator keywords), checked by the same rules; names and credit codes must be new
    and distinct. Rows are inserted in bulk; no matching job is started (the demo assigns
    segments itself). Raises EnterpriseError naming the row; nothing is written then."""
    cleaned: list[dict] = []
    names: set[str] = set()
    codes: set[str] = set()
    for n, row in enumerate(rows, start=1):
        row = dict(row)
        extra = {
            k: row.pop(k, None) or []
            for k in ("chains", "segments", "tiers", "contacts", "indicators")
        }
        try:
            fields = _clean(row, instance=None, look_up_clashes=False)
            chosen = {c.pk for c in extra["chains"]}
            stray = [s for s in extra["segments"] if s.chain_id not in chosen]
            if stray:
                raise EnterpriseError(f"环节“{stray[0].name}”不属于所选产业链", field="segments")
        except EnterpriseError as exc:
            raise EnterpriseError(f"第 {n} 行：{exc}", field=exc.field) from exc
        if fields.get("name") in names or fields.get("credit_code") in codes:
            raise EnterpriseError(f"第 {n} 行：企业名称或统一社会信用代码与前面的行重复")
        names.add(fields.get("name"))
        codes.add(fields.get("credit_code"))
        cleaned.append({**fields, **extra})
    taken = Enterprise.objects.filter(name__in=names) | Enterprise.objects.filter(
        credit_code__in=codes
    )
    if taken.exists():
        raise EnterpriseError(
            f"企业“{taken.first().name}”已在企业库中（名称或统一社会信用代码重复）"
        )
    made = [Enterprise(**{k: v for k, v in r.items() if k in EDITABLE_FIELDS}) for r in cleaned]
    tiers, contacts, indicators = [], [], []
    with transaction.atomic(), acting_user(by):
        Enterprise.objects.bulk_create(made, batch_size=500)
        ChainLink, SegmentLink = Enterprise.chains.through, Enterprise.segments.through
        ChainLink.objects.bulk_create(
            [
                ChainLink(enterprise_id=e.pk, chain_id=c.pk)
                for e, r in zip(made, cleaned, strict=True)
                for c in r["chains"]
            ],
            batch_size=2000,
        )
        SegmentLink.objects.bulk_create(
            [
                SegmentLink(enterprise_id=e.pk, segment_id=s.pk)
                for e, r in zip(made, cleaned, strict=True)
                for s in r["segments"]
            ],
            batch_size=2000,
        )
        for e, r in zip(made, cleaned, strict=True):
            tiers.extend(_tier_row(enterprise=e, **t) for t in r["tiers"])
            contacts.extend(_contact_row(enterprise=e, **c) for c in r["contacts"])
            for i in r["indicators"]:
                month, values = _indicator_values(
                    i["month"],
                    i.get("output_value"),
                    i.get("revenue"),
                    i.get("tax"),
                    i.get("employees"),
                )
                indicators.append(MonthlyIndicator(enterprise=e, month=month, **values))
        try:
            EnterpriseTier.objects.bulk_create(tiers, batch_size=2000)
        except IntegrityError as exc:
            raise EnterpriseError("同一企业的梯队认定重复") from exc
        Contact.objects.bulk_create(contacts, batch_size=2000)
        MonthlyIndicator.objects.bulk_create(indicators, batch_size=5000)
    return made


def save_child(*, kind: str, enterprise: Enterprise, by: User, **data):
    """A tier, contact or month of figures from the detail page's small forms."""
    savers = {"tier": add_tier, "contact": add_contact, "indicator": save_indicator}
    if kind not in savers:
        raise EnterpriseError(f"未知的类型“{kind}”")
    return savers[kind](enterprise=enterprise, by=by, **data)


@transaction.atomic
def delete_child(*, obj, by: User) -> None:
    with acting_user(by):
        obj.delete()
