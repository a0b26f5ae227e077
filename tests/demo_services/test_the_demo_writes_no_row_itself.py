"""The demo builder writes nothing itself: every row goes through a service of its app, the
same ones the pages use, so the demo can hold no row a user could not have written. The one
exception is the build's summary entry in the change log; `reset.py` empties the city."""

from __future__ import annotations

import re
from pathlib import Path

import chainchief.demo

DEMO_DIR = Path(chainchief.demo.__file__).resolve().parent
DIRECT_WRITE = re.compile(
    r"\.objects\b.*\.(create|bulk_create|bulk_update|update|delete|update_or_create|get_or_create)\("
    r"|\.(save|delete)\(|\.raw\(|\.cursor\("
)
ALLOWED = {("build.py", "ChangeLog.objects.create(")}  # the build's one summary entry


def direct_writes(text: str, name: str) -> list[str]:
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if DIRECT_WRITE.search(line) and not any(
            name == file and snippet in line for file, snippet in ALLOWED
        ):
            found.append(f"{name}:{number}: {line.strip()}")
    return found


def test_no_module_of_the_builder_writes_a_model_directly():
    found = []
    for path in sorted(DEMO_DIR.glob("*.py")):
        if path.name != "reset.py":
            found += direct_writes(path.read_text(encoding="utf-8"), path.name)
    assert found == []


def test_the_check_finds_the_writes_the_builder_used_to_make():
    old = """
    districts = District.objects.bulk_create([District(code=c, name=n) for c, n in rows])
        user.save()
    counts["talent"] = len(TalentSupply.objects.bulk_create(supply))
        user, _ = User.objects.update_or_create(username=name, defaults={})
                Project.objects.filter(pk=p.pk).update(planned_investment=1)
    """
    assert len(direct_writes(old, "build.py")) == 5
    assert direct_writes("counts.update(services.tick(today=today))", "casework.py") == []
