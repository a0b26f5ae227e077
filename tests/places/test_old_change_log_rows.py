"""Change-log rows written before the move name the bodies by their old labels
(accounts.department, enterprises.district, enterprises.park, web.city). The log is a hash
chain, so those rows are never rewritten: they still show, still filter, the chain still
verifies, and places.selectors maps a label to every label it was recorded under."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from chainchief.accounts.models import ChangeLog, Role
from chainchief.places.selectors import changelog_labels
from chainchief.places.services import save_department
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _old_row() -> ChangeLog:
    # As the code before the move wrote it (the verify command chains unsealed rows first).
    return ChangeLog.objects.create(
        user_name="office0",
        action="update",
        object_type="accounts.department",
        object_id="7",
        object_repr="市工业和信息化局",
        before={"short_name": ""},
        after={"short_name": "市工信局"},
    )


def test_an_old_row_still_shows_and_filters_with_the_new_rows_on_the_change_log_page():
    _old_row()
    office = make_user(Role.CHAIN_OFFICE)
    save_department(name="市商务局", by=office)
    make_user(Role.CHAIN_OFFICE, username="other-type-row")  # a user row: another type
    client = Client()
    client.force_login(office)
    for label in ("accounts.department", "places.department"):
        page = client.get(reverse("accounts:changelog"), {"type": label})
        assert page.status_code == 200
        text = page.content.decode()
        assert "市工业和信息化局" in text and "市商务局" in text
        assert "other-type-row" not in text


def test_the_chain_still_verifies_with_old_and_new_labels(capsys):
    _old_row()
    save_department(name="市商务局", by=make_user(Role.CHAIN_OFFICE))
    call_command("securitylog", "verify")
    assert "变更记录：哈希链完整" in capsys.readouterr().out
    labels = set(ChangeLog.objects.values_list("object_type", flat=True))
    assert {"accounts.department", "places.department"} <= labels


def test_a_label_maps_to_every_label_it_was_recorded_under():
    assert changelog_labels("places.department") == ["places.department", "accounts.department"]
    assert changelog_labels("web.city") == ["places.city", "web.city"]
    assert changelog_labels("projects.project") == ["projects.project"]
