from __future__ import annotations

import pytest

from tests.evaluation.conftest import city, computed_run  # noqa: F401  (the same small city)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
