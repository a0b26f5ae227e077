"""City, District, Park and Department live in chainchief.places.models only: the modules they
moved from (web, enterprises, accounts) no longer re-export them, and no code (src, tests,
benchmarks; old migrations aside) imports them from there."""

from __future__ import annotations

import ast
from pathlib import Path

import chainchief.accounts.models
import chainchief.enterprises.models

ROOT = Path(chainchief.accounts.models.__file__).parents[3]
OLD_HOMES = {
    "chainchief.web.models": {"City"},
    "chainchief.enterprises.models": {"District", "Park"},
    "chainchief.accounts.models": {"Department"},
}


def test_the_old_modules_no_longer_hold_the_moved_models():
    assert not hasattr(chainchief.accounts.models, "Department")
    assert not hasattr(chainchief.enterprises.models, "District")
    assert not hasattr(chainchief.enterprises.models, "Park")
    assert not (ROOT / "src/chainchief/web/models.py").exists()


def test_no_code_imports_a_moved_model_from_its_old_module():
    found = []
    for folder in ("src", "tests", "benchmarks"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.ImportFrom) and node.module in OLD_HOMES:
                    moved = {a.name for a in node.names} & OLD_HOMES[node.module]
                    if moved:
                        rel = path.relative_to(ROOT)
                        found.append(f"{rel}:{node.lineno} {node.module} {sorted(moved)}")
    assert found == [], "import them from chainchief.places.models:\n" + "\n".join(found)
