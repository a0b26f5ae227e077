"""City, District, Park and Department moved to the places app (same tables). State only:
the database already points at the same tables, so nothing is altered there."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("evaluation", "0001_initial"),
        ("places", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="actionitem",
                    name="department",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="places.department",
                        verbose_name="责任单位",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
