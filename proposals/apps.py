from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "proposals"
    verbose_name = _("Blueprints for Change")

    def ready(self):
        # The cascade's news refreshes what the dashboard derives from it (only that).
        from proposals.review.digest import refresh_for_issues
        from strategies.signals import cascade_changed

        cascade_changed.connect(refresh_for_issues, dispatch_uid="proposals_digest_cascade")
