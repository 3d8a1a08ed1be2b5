"""Database trigger: a submitted snapshot can never be changed.

The application has no update path for snapshots; this makes the database refuse
one too (raw SQL, admin, a future bug). The message starts with the rule's name.
Deleting is already prevented by ``on_delete=PROTECT`` from the Blueprint side and
is left to the database owner.
"""

from django.db import migrations

NAME = "proposals_snapshot_immutable"
TABLE = "proposals_snapshot"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [
            f"""CREATE TRIGGER {NAME} BEFORE UPDATE ON {TABLE}
                FOR EACH ROW
                BEGIN SELECT RAISE(ABORT, '{NAME}: a submitted snapshot cannot be changed'); END;"""
        ]
    elif vendor == "postgresql":
        statements = [
            f"""CREATE OR REPLACE FUNCTION {NAME}_fn() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{NAME}: a submitted snapshot cannot be changed'
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


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME}")
    else:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {NAME} ON {TABLE}")
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {NAME}_fn()")


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
