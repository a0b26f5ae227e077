"""City, District, Park and Department moved to the places app (same tables). State only:
the database already points at the same tables, so nothing is altered there."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0001_initial"),
        ("projects", "0003_project_policy_funds"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="project",
                    name="department",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="projects",
                        to="places.department",
                        verbose_name="责任单位",
                    ),
                ),
                migrations.AlterField(
                    model_name="project",
                    name="district",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="projects",
                        to="places.district",
                        verbose_name="落地县市区",
                    ),
                ),
                migrations.AlterField(
                    model_name="project",
                    name="park",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="projects",
                        to="places.park",
                        verbose_name="落地园区",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
