"""Attachments of a Blueprint, and a database trigger: an attachment's file is never replaced.

The application has no path that changes an attachment's bytes (a new version is a new
upload); the database refuses one too — a change of ``content``, ``size`` or ``sha256``
(raw SQL, the admin, a future bug) — so what a submission listed by SHA-256 stays what it
listed. The message starts with the rule's name.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


NAME = "proposals_attachment_file_immutable"
TABLE = "proposals_attachment"


def create_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [
            f"""CREATE TRIGGER {NAME} BEFORE UPDATE ON {TABLE}
                FOR EACH ROW WHEN NEW.content IS NOT OLD.content OR NEW.size IS NOT OLD.size
                    OR NEW.sha256 IS NOT OLD.sha256
                BEGIN SELECT RAISE(ABORT, '{NAME}: the file of an attachment cannot be replaced'); END;"""
        ]
    elif vendor == "postgresql":
        statements = [
            f"""CREATE OR REPLACE FUNCTION {NAME}_fn() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{NAME}: the file of an attachment cannot be replaced'
                    USING ERRCODE = 'check_violation';
            END;
            $$ LANGUAGE plpgsql;""",
            f"""CREATE TRIGGER {NAME} BEFORE UPDATE ON {TABLE}
                FOR EACH ROW WHEN (NEW.content IS DISTINCT FROM OLD.content
                    OR NEW.size IS DISTINCT FROM OLD.size
                    OR NEW.sha256 IS DISTINCT FROM OLD.sha256)
                EXECUTE FUNCTION {NAME}_fn();""",
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
        ("proposals", "0012_review_answers"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Attachment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("minutes", "Minutes"),
                            ("photo", "Photo"),
                            ("signed_approval", "Signed approval page"),
                            ("supporting", "Supporting document"),
                        ],
                        max_length=20,
                        verbose_name="kind",
                    ),
                ),
                ("title", models.CharField(max_length=255, verbose_name="title")),
                ("filename", models.CharField(max_length=255, verbose_name="file name")),
                ("content_type", models.CharField(max_length=50, verbose_name="content type")),
                ("size", models.PositiveIntegerField(verbose_name="size (bytes)")),
                ("sha256", models.CharField(max_length=64, verbose_name="SHA-256")),
                ("content", models.BinaryField(verbose_name="content")),
                (
                    "uploaded_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="uploaded at"
                    ),
                ),
                (
                    "blueprint",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attachments",
                        to="proposals.blueprint",
                        verbose_name="Blueprint",
                    ),
                ),
                (
                    "uploaded_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="uploaded by",
                    ),
                ),
                (
                    "workshop",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="attachments",
                        to="proposals.workshop",
                        verbose_name="workshop",
                    ),
                ),
            ],
            options={
                "verbose_name": "attachment",
                "verbose_name_plural": "attachments",
                "ordering": ["blueprint", "uploaded_at", "pk"],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("size__gt", 0)), name="proposals_attachment_not_empty"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("title", ""), _negated=True),
                        name="proposals_attachment_title_not_empty",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("content_type__in", ["application/pdf", "image/png", "image/jpeg"])
                        ),
                        name="proposals_attachment_known_type",
                    ),
                ],
            },
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
