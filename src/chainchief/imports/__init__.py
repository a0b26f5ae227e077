"""The one import framework: every list the app imports is a *spec* of it.

How to add an import spec (pools, audit findings, the company universe …)
-------------------------------------------------------------------------
1. In your app, create `importing.py` (the registry imports every app's `importing` module on
   first use, so the import page lists your spec without further wiring)::

       from chainchief.imports.base import BATCH, Column, Importer, ImportReport, Row, max_length
       from chainchief.imports.registry import register
       from chainchief.accounts.changelog import record_changes, snapshot

       @register
       class TalentImporter(Importer):
           kind = "talents"                       # unique; the URL's ?kind= and the template name
           title = "人才库"                        # shown on the import page
           description = "高层次人才：按身份证号新增或更新。"
           key_fields = ("id_number",)             # duplicates in one file are reported
           columns = (
               Column("姓名", "name", True, max_length(50), example="张三"),
               Column("身份证号", "id_number", True, parse_id_number, as_text=True),
               Column("所属产业链", "chain", help="产业链代码或名称"),
           )

           @classmethod
           def allowed(cls, user) -> bool:         # default: the chain office only
               return scoping.can_manage_city(user)

           def build_plan(self, rows: list[Row], report: ImportReport):
               # Read the database (a few queries for all rows), compare, report errors with
               # report.error(row.number, "列名", "中文原因"), count report.change(...) /
               # report.unchanged. Write nothing here: this runs outside any transaction.
               ...
               return plan

           def write(self, plan) -> None:
               # Bulk writes (bulk_create/bulk_update in BATCH) plus record_changes(...); runs
               # in one short transaction. Raise WriteRefused(row, column, reason) when a
               # service refuses a row: everything is rolled back and the reason reported.
               ...

2. A `Column`'s `parse` gets the non-empty cell and returns the value or raises
   `chainchief.core.values.InvalidValue("中文原因")`; use the parsers of core.values (money,
   dates, bounded numbers) so the import refuses what the form and the API refuse.
3. Optional hooks: `example_values()` (the template's example row; build it from this
   city's data so it imports cleanly), `template_notes()` (extra rows for the 说明 sheet),
   `after_apply(plan, report)` (start follow-up jobs, e.g. matching), `checks_bad_rows = True`
   (build_plan also sees rows with unreadable cells to report their other errors).
4. Test it like tests/imports/: a file with good rows imports and re-imports unchanged; a file
   with bad rows lists every error and writes nothing; the template's example row imports.

What the framework does for every spec: the template download (/imports/template/<kind>.xlsx,
header row plus 说明 sheet), the upload page (/imports/) with the file-size limit
(CHAINCHIEF_IMPORT_MAX_BYTES, default 20 MB) and row limit (CHAINCHIEF_IMPORT_MAX_ROWS,
default 300,000), .xlsx read in streaming mode and .csv in UTF-8/GB18030, Chinese messages
for damaged files, the preview and the apply as background jobs with progress
(chainchief.jobs), all-or-nothing writes, and removal of uploaded files after 24 hours
(CHAINCHIEF_IMPORT_KEEP_HOURS; nightly tick `imports.cleanup`). Details: docs/imports.md.
"""
