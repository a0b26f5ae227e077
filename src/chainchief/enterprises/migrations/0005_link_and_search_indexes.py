"""Indexes for the enterprise list at 200,000 enterprises (benchmarks/README.md, bench_scale):
the chain and segment links by (chain|segment, enterprise), so a link filter reads its ids
from the index alone; and, on SQLite, (name, main_products), so a text search scans that
index instead of every enterprise row (PostgreSQL's B-tree limits an entry's size, and its
search is a sequential `strpos` either way)."""

from django.db import migrations

LINK_INDEXES = [
    ("enterprise_chain_link_by_chain", "enterprises_enterprise_chains", "chain_id"),
    ("enterprise_segment_link_by_segment", "enterprises_enterprise_segments", "segment_id"),
]
SEARCH_INDEX = "enterprise_search_text"


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{SEARCH_INDEX}" '
            'ON "enterprises_enterprise" ("name", "main_products")'
        )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{SEARCH_INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0004_move_to_places")]

    operations = [
        *(
            migrations.RunSQL(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ("{column}", "enterprise_id")',
                f'DROP INDEX IF EXISTS "{name}"',
            )
            for name, table, column in LINK_INDEXES
        ),
        migrations.RunPython(create_search_index, drop_search_index),
    ]
