from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "strategies"
    verbose_name = _("Planning cascade")

    def ready(self):
        # django-axes announces a lockout only through its signal; record it in the audit log.
        from axes.signals import user_locked_out

        from strategies.audit import audit_lockout

        user_locked_out.connect(audit_lockout, dispatch_uid="strategies_audit_lockout")

        # Every write of a cascade table announces which strategic issues changed.
        from strategies import signals

        signals.connect()
