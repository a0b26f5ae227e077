"""Writes to the enterprise library (forms); bulk imports live in importing.py."""

from __future__ import annotations

from django.db import transaction

from chainchief.accounts.changelog import acting_user
from chainchief.accounts.models import User
from chainchief.enterprises.models import Enterprise, MonthlyIndicator


@transaction.atomic
def save_enterprise(*, form, by: User) -> Enterprise:
    """Save the form; links to chains the user may not edit (so the form did not offer them) stay."""
    offered = form.fields["chains"].queryset
    kept_chains, kept_segments = [], []
    if form.instance.pk:
        kept_chains = list(form.instance.chains.exclude(pk__in=offered))
        kept_segments = list(form.instance.segments.exclude(chain__in=offered))
    is_new = form.instance.pk is None
    with acting_user(by):
        enterprise = form.save()
        if kept_chains:
            enterprise.chains.add(*kept_chains)
        if kept_segments:
            enterprise.segments.add(*kept_segments)
    if is_new or {"main_products", "business_scope"} & set(form.changed_data):
        from chainchief.enterprises.imports.matching import start_matching

        start_matching(enterprise_ids=[enterprise.pk], user=by)  # a job; see the page's panel
    return enterprise


@transaction.atomic
def save_child(*, form, enterprise: Enterprise, by: User):
    """Save a tier, contact or indicator form of `enterprise`."""
    with acting_user(by):
        obj = form.save(commit=False)
        obj.enterprise = enterprise
        if isinstance(obj, MonthlyIndicator) and obj.pk is None:
            existing = MonthlyIndicator.objects.filter(
                enterprise=enterprise, month=obj.month
            ).first()
            if existing is not None:
                obj.pk = existing.pk
        obj.save()
    return obj


@transaction.atomic
def delete_child(*, obj, by: User) -> None:
    with acting_user(by):
        obj.delete()
