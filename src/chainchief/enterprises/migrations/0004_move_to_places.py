"""City, District, Park and Department moved to the places app (same tables). State only:
the database already points at the same tables, so nothing is altered there."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("chains", "0005_move_to_places"),
        ("enterprises", "0003_indicator_summary"),
        ("places", "0001_initial"),
        ("projects", "0004_move_to_places"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="enterprise",
                    name="district",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="enterprises",
                        to="places.district",
                        verbose_name="所在县市区",
                    ),
                ),
                migrations.RemoveField(
                    model_name="park",
                    name="district",
                ),
                migrations.AlterField(
                    model_name="enterprise",
                    name="park",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="enterprises",
                        to="places.park",
                        verbose_name="所在园区",
                    ),
                ),
                migrations.DeleteModel(
                    name="District",
                ),
                migrations.DeleteModel(
                    name="Park",
                ),
            ],
            database_operations=[],
        ),
    ]
