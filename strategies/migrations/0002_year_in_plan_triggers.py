"""Database triggers: a target's or budget's fiscal year must lie inside its plan's years.

A CHECK constraint cannot look at another table, so the rule is a trigger on
both supported databases. The error message starts with the rule's name so the
application can recognise it.
"""

from django.db import migrations

TARGET_PLAN_YEARS = """
    SELECT p.start_year, p.end_year
      FROM strategies_indicator i
      JOIN strategies_goal g ON g.id = i.goal_id
      JOIN strategies_strategicissue s ON s.id = g.issue_id
      JOIN strategies_actionplan p ON p.id = s.plan_id
     WHERE i.id = NEW.indicator_id
"""

BUDGET_PLAN_YEARS = """
    SELECT p.start_year, p.end_year
      FROM strategies_project pr
      JOIN strategies_strategy st ON st.id = pr.strategy_id
      JOIN strategies_strategicissue s ON s.id = st.issue_id
      JOIN strategies_actionplan p ON p.id = s.plan_id
     WHERE pr.id = NEW.project_id
"""

RULES = [
    ("strategies_target_year_in_plan", "strategies_indicatortarget", TARGET_PLAN_YEARS),
    ("strategies_budget_year_in_plan", "strategies_projectbudget", BUDGET_PLAN_YEARS),
]


def sqlite_sql(name, table, years_sql):
    condition = (
        "NOT EXISTS (SELECT 1 FROM (" + years_sql + ") y "
        "WHERE NEW.fiscal_year BETWEEN y.start_year AND y.end_year)"
    )
    return [
        f"""CREATE TRIGGER {name}_{op.lower()} BEFORE {op} ON {table}
            FOR EACH ROW WHEN {condition}
            BEGIN SELECT RAISE(ABORT, '{name}: fiscal year outside the plan'); END;"""
        for op in ("INSERT", "UPDATE")
    ]


def postgres_sql(name, table, years_sql):
    return [
        f"""CREATE OR REPLACE FUNCTION {name}_fn() RETURNS trigger AS $$
        DECLARE first_year integer; last_year integer;
        BEGIN
            {
            years_sql.replace(
                "SELECT p.start_year, p.end_year",
                "SELECT p.start_year, p.end_year INTO first_year, last_year",
            )
        };
            IF NEW.fiscal_year < first_year OR NEW.fiscal_year > last_year THEN
                RAISE EXCEPTION '{name}: fiscal year % outside the plan (% – %)',
                    NEW.fiscal_year, first_year, last_year
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql;""",
        f"""CREATE TRIGGER {name} BEFORE INSERT OR UPDATE ON {table}
            FOR EACH ROW EXECUTE FUNCTION {name}_fn();""",
    ]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name, table, years_sql in RULES:
        if vendor == "sqlite":
            statements = sqlite_sql(name, table, years_sql)
        elif vendor == "postgresql":
            statements = postgres_sql(name, table, years_sql)
        else:  # pragma: no cover - only SQLite and PostgreSQL are supported
            raise RuntimeError(f"Unsupported database vendor {vendor}")
        for statement in statements:
            schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for name, table, _years_sql in RULES:
        if vendor == "sqlite":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_insert")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}_update")
        else:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {name}_fn()")


class Migration(migrations.Migration):
    dependencies = [("strategies", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
