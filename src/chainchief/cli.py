"""The `chainchief` command: Django's management commands under one name.

    chainchief serve | demo | createadmin | chain dump CODE | enterprises import FILE …

Every sub-command is a management command of one of the apps; `chainchief help` lists them.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chainchief.settings")
    from django.core.management import execute_from_command_line

    from chainchief.accounts.changelog import new_operation_id, operation

    args = list(sys.argv if argv is None else argv)
    # One operation id for what this command writes (jobs and requests it serves get their own).
    with operation(new_operation_id("cmd")):
        execute_from_command_line(["chainchief", *args[1:]])


if __name__ == "__main__":
    main()
