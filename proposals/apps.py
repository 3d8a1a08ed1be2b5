from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "proposals"
    verbose_name = _("Blueprints for Change")

    def ready(self):
        # The features add what they contribute to the Blueprint's core (its documents,
        # checklist and snapshot; the digests refreshed by the core's and the cascade's news),
        # in this order, which is the order of their keys in the snapshot.
        from proposals import attachments, monitoring, participation, review
        from strategies.access import register_submitted_issues

        participation.plug()
        review.plug()
        attachments.plug()
        monitoring.plug()
        # What OPDC reads of a province's action plan follows what was submitted to it
        # (strategies.access): tell the layer below which issues those are.
        register_submitted_issues(_submitted_issue_ids)
        # An approved plan's yearly targets change only through a target change with a
        # reason and the office's approval (proposals.monitoring).
        from proposals.monitoring.services import target_guard
        from strategies.services import register_target_guard

        register_target_guard(target_guard)


def _submitted_issue_ids():
    """The strategic issues with a Blueprint submitted to OPDC at least once (submitted,
    returned or accepted: the same ``submitted_at`` that opens a Blueprint to OPDC)."""
    from proposals.models import Blueprint

    return Blueprint.objects.filter(submitted_at__isnull=False).values("issue_id")
