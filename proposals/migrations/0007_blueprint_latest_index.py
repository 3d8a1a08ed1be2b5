# The OPDC dashboard reads, for every strategic issue of the country, the latest Blueprint
# of the fiscal year: this index answers each of those subqueries without a sort.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0006_participation"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="blueprint",
            index=models.Index(
                fields=["issue", "fiscal_year", "-created_at", "-id"],
                name="proposals_bp_issue_year_idx",
            ),
        ),
    ]
