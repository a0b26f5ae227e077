"""The authored data files of the demo city: city.yaml and chains/<CODE>.yaml."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent
CHAINS_DIR = DATA_DIR / "chains"


@cache
def city_data() -> dict[str, Any]:
    return yaml.safe_load((DATA_DIR / "city.yaml").read_text(encoding="utf-8"))


def chain_codes() -> list[str]:
    """Chain codes in layout order (clusters in order, chains in order within each)."""
    return [code for cluster in city_data()["layout"] for code in cluster["chains"]]


def chain_file(code: str) -> Path:
    return CHAINS_DIR / f"{code}.yaml"


def chain_document(code: str) -> dict[str, Any]:
    return yaml.safe_load(chain_file(code).read_text(encoding="utf-8"))
