"""The city's places and bodies move here from web, enterprises and accounts. State only:
the tables stay where they are (web_city, enterprises_district, enterprises_park,
accounts_department), so no row moves."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    # The tables were created by these apps' first migrations.
    dependencies = [
        ("accounts", "0001_initial"),
        ("enterprises", "0001_initial"),
        ("web", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="City",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "name",
                            models.CharField(
                                default="本市", max_length=50, verbose_name="城市名称"
                            ),
                        ),
                        (
                            "code",
                            models.CharField(blank=True, max_length=6, verbose_name="行政区划代码"),
                        ),
                        ("is_demo", models.BooleanField(default=False, verbose_name="演示数据")),
                        (
                            "layout_name",
                            models.CharField(
                                blank=True, max_length=50, verbose_name="产业格局名称"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "城市",
                        "verbose_name_plural": "城市",
                        "db_table": "web_city",
                    },
                ),
                migrations.CreateModel(
                    name="Department",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "name",
                            models.CharField(max_length=100, unique=True, verbose_name="名称"),
                        ),
                        (
                            "short_name",
                            models.CharField(blank=True, max_length=40, verbose_name="简称"),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("department", "市直部门"),
                                    ("district", "县市区"),
                                    ("park", "园区管委会"),
                                    ("other", "其他单位"),
                                ],
                                default="department",
                                max_length=20,
                                verbose_name="类型",
                            ),
                        ),
                        ("sort", models.PositiveIntegerField(default=0, verbose_name="排序")),
                    ],
                    options={
                        "verbose_name": "部门",
                        "verbose_name_plural": "部门",
                        "db_table": "accounts_department",
                        "ordering": ["sort", "name"],
                    },
                ),
                migrations.CreateModel(
                    name="District",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "code",
                            models.CharField(
                                max_length=6, unique=True, verbose_name="行政区划代码"
                            ),
                        ),
                        ("name", models.CharField(max_length=50, verbose_name="名称")),
                    ],
                    options={
                        "verbose_name": "县市区",
                        "verbose_name_plural": "县市区",
                        "db_table": "enterprises_district",
                        "ordering": ["code"],
                    },
                ),
                migrations.CreateModel(
                    name="Park",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "name",
                            models.CharField(max_length=100, unique=True, verbose_name="名称"),
                        ),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("national_etdz", "国家级经济技术开发区"),
                                    ("national_htz", "国家级高新技术产业开发区"),
                                    ("bonded", "综合保税区"),
                                    ("provincial", "省级园区"),
                                    ("other", "其他园区"),
                                ],
                                default="provincial",
                                max_length=20,
                                verbose_name="类型",
                            ),
                        ),
                        ("description", models.TextField(blank=True, verbose_name="简介")),
                        (
                            "district",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="parks",
                                to="places.district",
                                verbose_name="所在县市区",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "园区",
                        "verbose_name_plural": "园区",
                        "db_table": "enterprises_park",
                        "ordering": ["district__code", "name"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
