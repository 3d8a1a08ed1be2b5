"""Monitoring's history is append-only, in the database as in the application.

The history of results — each saved state of an actual value (``ActualRevision``) and of a
project's progress (``ProgressRevision``), each reopening of a period (``PeriodReopening``)
and each target change (``TargetChange``) — is refused UPDATE and DELETE by triggers, like
the audit log (``strategies`` 0004) and the frozen Blueprint tables:

- a history row never changes, except that a person's id may become NULL (Django's
  ``SET_NULL`` when a user account is deleted: the row stays, without the account);
- a target change may be decided once (``pending`` → approved or refused, with who, when,
  the note and the target it replaced); what was asked (indicator, year, new target,
  reason, when) never changes, and a decided change is final;
- DELETE is refused on PostgreSQL. On SQLite the test runner's flush deletes rows, so
  there deletion is kept out by the application alone (``on_delete=PROTECT`` on the rows
  the history hangs from: deleting an indicator or project that has results is refused
  with the list of what stands on it; no view, admin action or service deletes history).

Every message starts with the rule's name.
"""

import django.db.models.deletion
from django.db import migrations, models


NAME = "proposals_monitoring_history_append_only"

# table → (columns that never change, user columns that may only become NULL)
HISTORY = {
    "proposals_actualrevision": (
        ["id", "actual_id", "number", "value", "note", "created_at", "source"],
        ["author_id"],
    ),
    "proposals_progressrevision": (
        ["id", "progress_id", "number", "data", "created_at"],
        ["author_id"],
    ),
    "proposals_periodreopening": (["id", "period_id", "reason", "until", "at"], ["by_id"]),
    "proposals_targetchange": (
        ["id", "indicator_id", "fiscal_year", "new_value", "reason", "requested_at"],
        ["requested_by_id"],
    ),
}
# A target change's decision: written once, while it is pending, then final (the target
# it replaced, ``old_value``, is read again when the change is approved).
DECISION = (["status", "old_value", "decided_at", "decision_note"], ["decided_by_id"])


def _changed(columns, users, differs):
    tests = [differs(f"NEW.{c}", f"OLD.{c}") for c in columns]
    tests += [f"({differs(f'NEW.{u}', f'OLD.{u}')} AND NEW.{u} IS NOT NULL)" for u in users]
    return " OR ".join(tests)


def refused_update(table, differs):
    """The SQL condition under which an UPDATE of ``table`` is refused."""
    columns, users = HISTORY[table]
    condition = _changed(columns, users, differs)
    if table == "proposals_targetchange":
        condition += f" OR (OLD.status <> 'pending' AND ({_changed(*DECISION, differs)}))"
    return condition


def trigger_name(table, action):
    return f"{table}_no_{action}"


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    statements = []
    if vendor == "sqlite":
        for table in HISTORY:
            condition = refused_update(table, lambda a, b: f"{a} IS NOT {b}")
            statements.append(
                f"""CREATE TRIGGER {trigger_name(table, "update")} BEFORE UPDATE ON {table}
                FOR EACH ROW WHEN {condition}
                BEGIN SELECT RAISE(ABORT, '{NAME}: {table} is history and cannot be changed');
                END;"""
            )
    elif vendor == "postgresql":
        statements.append(
            f"""CREATE OR REPLACE FUNCTION {NAME}_fn() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{NAME}: % is history and cannot be changed', TG_TABLE_NAME
                    USING ERRCODE = 'check_violation';
            END;
            $$ LANGUAGE plpgsql;"""
        )
        for table in HISTORY:
            condition = refused_update(table, lambda a, b: f"{a} IS DISTINCT FROM {b}")
            statements.append(
                f"""CREATE TRIGGER {trigger_name(table, "update")} BEFORE UPDATE ON {table}
                FOR EACH ROW WHEN ({condition}) EXECUTE FUNCTION {NAME}_fn();"""
            )
            statements.append(
                f"""CREATE TRIGGER {trigger_name(table, "delete")} BEFORE DELETE ON {table}
                FOR EACH ROW EXECUTE FUNCTION {NAME}_fn();"""
            )
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise RuntimeError(f"Unsupported database vendor {vendor}")
    for statement in statements:
        schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    sqlite = schema_editor.connection.vendor == "sqlite"
    for table in HISTORY:
        for action in ("update", "delete"):
            on = "" if sqlite else f" ON {table}"
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger_name(table, action)}{on}")
    if not sqlite:
        schema_editor.execute(f"DROP FUNCTION IF EXISTS {NAME}_fn()")


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0017_monitoring"),
        ("strategies", "0015_profile_name_title"),
    ]

    operations = [
        migrations.AlterField(
            model_name="actualrevision",
            name="actual",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="revisions",
                to="proposals.indicatoractual",
                verbose_name="actual value",
            ),
        ),
        migrations.AlterField(
            model_name="indicatoractual",
            name="indicator",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="actuals",
                to="strategies.indicator",
                verbose_name="indicator",
            ),
        ),
        migrations.AlterField(
            model_name="periodreopening",
            name="period",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="reopenings",
                to="proposals.reportingperiod",
                verbose_name="reporting period",
            ),
        ),
        migrations.AlterField(
            model_name="progressrevision",
            name="progress",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="revisions",
                to="proposals.projectprogress",
                verbose_name="project progress",
            ),
        ),
        migrations.AlterField(
            model_name="projectprogress",
            name="project",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="progress",
                to="strategies.project",
                verbose_name="project",
            ),
        ),
        migrations.AlterField(
            model_name="targetchange",
            name="indicator",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="target_changes",
                to="strategies.indicator",
                verbose_name="indicator",
            ),
        ),
        migrations.RunPython(create, drop),
    ]
