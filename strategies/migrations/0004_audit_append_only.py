"""Database trigger: the audit log is append-only.

UPDATE is refused on both engines. DELETE is refused on PostgreSQL; on SQLite the test
runner's flush deletes rows, so there deletion is kept out by the application alone
(no view, admin action or service deletes audit events). The message starts with the
rule's name.
"""

from django.db import migrations

NAME = "strategies_audit_append_only"
TABLE = "strategies_auditevent"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [
            f"""CREATE TRIGGER {NAME} BEFORE UPDATE ON {TABLE}
                FOR EACH ROW
                BEGIN SELECT RAISE(ABORT, '{NAME}: the audit log cannot be changed'); END;"""
        ]
    elif vendor == "postgresql":
        statements = [
            f"""CREATE OR REPLACE FUNCTION {NAME}_fn() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{NAME}: the audit log cannot be changed'
                    USING ERRCODE = 'check_violation';
            END;
            $$ LANGUAGE plpgsql;""",
            f"""CREATE TRIGGER {NAME} BEFORE UPDATE OR DELETE ON {TABLE}
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
    dependencies = [("strategies", "0003_audit_log")]

    operations = [migrations.RunPython(create, drop)]
