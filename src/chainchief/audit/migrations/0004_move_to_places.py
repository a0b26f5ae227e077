"""City, District, Park and Department moved to the places app (same tables). State only:
the database already points at the same tables, so nothing is altered there."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0003_funded_rule_explanation"),
        ("places", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="audit",
                    name="units",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="audits",
                        to="places.department",
                        verbose_name="被审计单位",
                    ),
                ),
                migrations.AlterField(
                    model_name="earlywarning",
                    name="unit",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="places.department",
                    ),
                ),
                migrations.AlterField(
                    model_name="finding",
                    name="unit",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="audit_findings",
                        to="places.department",
                        verbose_name="责任单位",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
