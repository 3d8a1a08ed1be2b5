# What the governor approved, frozen (proposals.edition): the table and the trigger that
# refuses any UPDATE of a row, as for submitted snapshots (0002).

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


NAME = "proposals_approvededition_immutable"
TABLE = "proposals_approvededition"


def create_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [
            f"""CREATE TRIGGER {NAME} BEFORE UPDATE ON {TABLE}
                FOR EACH ROW
                BEGIN SELECT RAISE(ABORT, '{NAME}: an approved edition cannot be changed'); END;"""
        ]
    elif vendor == "postgresql":
        statements = [
            f"""CREATE OR REPLACE FUNCTION {NAME}_fn() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{NAME}: an approved edition cannot be changed'
                    USING ERRCODE = 'check_violation';
            END;
            $$ LANGUAGE plpgsql;""",
            f"""CREATE TRIGGER {NAME} BEFORE UPDATE ON {TABLE}
                FOR EACH ROW EXECUTE FUNCTION {NAME}_fn();""",
        ]
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise RuntimeError(f"Unsupported database vendor {vendor}")
    for statement in statements:
        schema_editor.execute(statement, params=None)


def drop_trigger(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME}")
    else:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME} ON {TABLE}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {NAME}_fn()")


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0014_pdf_signing_certificate"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ApprovedEdition",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("edition", models.PositiveIntegerField(verbose_name="version number")),
                ("content", models.TextField(verbose_name="approved content (canonical JSON)")),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
                (
                    "created_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="recorded at"
                    ),
                ),
                (
                    "blueprint",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="approved_editions",
                        to="proposals.blueprint",
                        verbose_name="Blueprint",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="recorded by",
                    ),
                ),
            ],
            options={
                "verbose_name": "approved edition",
                "verbose_name_plural": "approved editions",
                "ordering": ["blueprint", "-pk"],
            },
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
