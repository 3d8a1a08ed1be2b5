"""Create OPDC's default review rubric (criteria from the Blueprint's contents)."""

from django.db import migrations

from proposals.review.rubric import create_default_rubric


def forwards(apps, schema_editor):
    create_default_rubric(
        apps.get_model("proposals", "Rubric"),
        apps.get_model("proposals", "Criterion"),
        apps.get_model("proposals", "CriterionLevel"),
    )


class Migration(migrations.Migration):
    dependencies = [("proposals", "0004_review")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
