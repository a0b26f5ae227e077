"""Declarative table import (xlsx/csv) for any list, and the enterprise and indicator specs.

`base` holds the generic machinery (columns, reports, the plan/apply run), `tables` reads
files, `enterprise_spec` and `indicator_spec` describe the two lists, `exporting` writes
lists in the same columns so an export re-imports unchanged.
"""
