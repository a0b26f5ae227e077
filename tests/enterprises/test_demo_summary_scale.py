"""The demo city writes its enterprises and months in bulk with the change log paused: its
indicator summary is rebuilt at the end and equals the raw sums, also after a rebuild."""

from __future__ import annotations

import pytest

from chainchief.enterprises.models import IndicatorSummary
from tests.enterprises.test_indicator_summary_scale import assert_exact

pytestmark = pytest.mark.django_db


def test_the_demo_city_has_an_exact_indicator_summary(shared_city):
    assert IndicatorSummary.objects.exists()
    assert_exact()
