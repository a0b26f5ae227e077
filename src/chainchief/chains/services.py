"""Writes to chains: every change goes through here (and so into the change log)."""

from __future__ import annotations

from django.db import transaction

from chainchief.accounts.changelog import acting_user
from chainchief.accounts.models import User
from chainchief.chains.models import Segment
from chainchief.chains.yaml_io import LoadResult, load_chain_yaml


@transaction.atomic
def save_form(*, form, by: User, **extra):
    """Save a validated ModelForm of the chains app, attributing the change to `by`."""
    with acting_user(by):
        obj = form.save(commit=False)
        for key, value in extra.items():
            setattr(obj, key, value)
        obj.save()
        form.save_m2m()
    return obj


@transaction.atomic
def delete_object(*, obj, by: User) -> None:
    with acting_user(by):
        obj.delete()


def load_chain_file(*, text: str, by: User) -> LoadResult:
    with acting_user(by):
        return load_chain_yaml(text)


@transaction.atomic
def delete_segment(*, segment: Segment, by: User) -> int:
    """Delete a segment and its sub-segments; returns how many were deleted."""
    with acting_user(by):
        ids = _subtree_ids(segment)
        Segment.objects.filter(pk__in=ids).order_by("-id").delete()
    return len(ids)


def _subtree_ids(segment: Segment) -> list[int]:
    ids, frontier = [segment.pk], [segment.pk]
    while frontier:
        frontier = list(Segment.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        ids.extend(frontier)
    return ids
