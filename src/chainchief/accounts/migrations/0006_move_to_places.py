"""City, District, Park and Department moved to the places app (same tables). State only:
the database already points at the same tables, so nothing is altered there."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_operation_id"),
        ("audit", "0004_move_to_places"),
        ("casework", "0005_move_to_places"),
        ("chains", "0005_move_to_places"),
        ("evaluation", "0002_move_to_places"),
        ("places", "0001_initial"),
        ("projects", "0004_move_to_places"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="user",
                    name="department",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="users",
                        to="places.department",
                        verbose_name="所在部门",
                    ),
                ),
                migrations.DeleteModel(
                    name="Department",
                ),
            ],
            database_operations=[],
        ),
    ]
