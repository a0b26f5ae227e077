"""Writes to the enterprise library (forms); bulk imports live in importing.py."""

from __future__ import annotations

from django.db import transaction

from chainchief.accounts.changelog import acting_user
from chainchief.accounts.models import User
from chainchief.enterprises.models import Enterprise, MonthlyIndicator


@transaction.atomic
def save_enterprise(*, form, by: User) -> Enterprise:
    with acting_user(by):
        enterprise = form.save()
    return enterprise


@transaction.atomic
def save_child(*, form, enterprise: Enterprise, by: User):
    """Save a tier, contact or indicator form of `enterprise`."""
    with acting_user(by):
        obj = form.save(commit=False)
        obj.enterprise = enterprise
        if isinstance(obj, MonthlyIndicator) and obj.pk is None:
            existing = MonthlyIndicator.objects.filter(enterprise=enterprise, month=obj.month).first()
            if existing is not None:
                obj.pk = existing.pk
        obj.save()
    return obj


@transaction.atomic
def delete_child(*, obj, by: User) -> None:
    with acting_user(by):
        obj.delete()
