"""City, District, Park and Department moved to the places app (same tables). State only:
the database already points at the same tables, so nothing is altered there."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("chains", "0004_versions_bounds"),
        ("places", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="chain",
                    name="host_parks",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="chains",
                        to="places.park",
                        verbose_name="主要承载园区",
                    ),
                ),
                migrations.AlterField(
                    model_name="chainorgmember",
                    name="department",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="chain_roles",
                        to="places.department",
                        verbose_name="部门",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
