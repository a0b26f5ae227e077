"""Whether a user belongs to a department's scope (经办人 or 部门负责人 with a department) is
decided by scoping.is_department_member alone: no module outside accounts/scoping.py asks
`user.role in DEPARTMENT_SCOPED` itself (the settings form may check a posted role value)."""

from __future__ import annotations

import re
from pathlib import Path

import chainchief

SRC = Path(chainchief.__file__).parent
# A role value, not a user: the user form requires a department for a department role.
ROLE_VALUE_CHECKS = {("web/views_settings.py", 'data.get("role") in scoping.DEPARTMENT_SCOPED')}
USE = re.compile(r"^.*\bDEPARTMENT_SCOPED\b.*$", re.M)


def test_no_module_but_scoping_checks_the_department_roles_of_a_user():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        rel = path.relative_to(SRC).as_posix()
        if rel == "accounts/scoping.py" or "/migrations/" in rel:
            continue
        for line in USE.findall(path.read_text(encoding="utf-8")):
            if not any(rel == f and snippet in line for f, snippet in ROLE_VALUE_CHECKS):
                found.append(f"{rel}: {line.strip()}")
    assert found == [], "use scoping.is_department_member(user):\n" + "\n".join(found)
