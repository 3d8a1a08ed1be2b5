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
        # Every change made in the admin is audited, in whichever app's ModelAdmin it is
        # made (the admin, first in INSTALLED_APPS, has registered them all by now).
        from strategies.admin_audit import audit_every_admin

        audit_every_admin()
        # A cache named to be turned off that does not exist is a typo: say so at start-up.
        from strategies.caching import check_names

        check_names()
