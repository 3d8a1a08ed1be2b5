# The governor in a province's record: approving a Blueprint reads the name and position here.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("strategies", "0011_audit_signing_certificate"),
    ]

    operations = [
        migrations.AddField(
            model_name="organisation",
            name="governor_name",
            field=models.CharField(
                blank=True,
                help_text="For a province: the governor in office, as written on official documents.",
                max_length=255,
                verbose_name="governor's name",
            ),
        ),
        migrations.AddField(
            model_name="organisation",
            name="governor_position",
            field=models.CharField(
                blank=True,
                help_text="For a province, as written on official documents; left empty, it is formed from the province's name (“Governor of …”).",
                max_length=255,
                verbose_name="governor's position",
            ),
        ),
    ]
