"""The change log's single-column indexes on object_type and object_id go: every query that
filters them filters the type (alone or with the id), which the (object_type, object_id)
index serves, and each index less is one B-tree fewer written per entry (an import of
20,000 enterprises writes about 70,000 entries under the write lock).

Plain DROP INDEX (PostgreSQL also had a varchar_pattern_ops twin of each): Django's own
AlterField would copy the whole table twice on SQLite to drop an index."""

from django.db import migrations, models

DROPPED = (
    "accounts_changelog_object_type_b608c8b3",
    "accounts_changelog_object_type_b608c8b3_like",
    "accounts_changelog_object_id_9596142c",
    "accounts_changelog_object_id_9596142c_like",
)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_move_to_places"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="changelog",
                    name="object_id",
                    field=models.CharField(max_length=64, verbose_name="对象编号"),
                ),
                migrations.AlterField(
                    model_name="changelog",
                    name="object_type",
                    field=models.CharField(max_length=100, verbose_name="对象类型"),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    [f'DROP INDEX IF EXISTS "{name}"' for name in DROPPED],
                    reverse_sql=[
                        'CREATE INDEX "accounts_changelog_object_type_b608c8b3" '
                        'ON "accounts_changelog" ("object_type")',
                        'CREATE INDEX "accounts_changelog_object_id_9596142c" '
                        'ON "accounts_changelog" ("object_id")',
                    ],
                ),
            ],
        ),
    ]
