"""City, District, Park and Department moved to the places app (same tables). State only:
the database already points at the same tables, so nothing is altered there."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0004_seed_categories"),
        ("places", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="case",
                    name="lead_department",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="lead_cases",
                        to="places.department",
                        verbose_name="主办单位",
                    ),
                ),
                migrations.AlterField(
                    model_name="caseunit",
                    name="department",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="case_units",
                        to="places.department",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
