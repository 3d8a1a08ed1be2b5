"""Which Blueprints a person may list: the filter behind ``Blueprint.objects.visible_to``.

One of the rules of :mod:`proposals.access` (which gives it with the object checks), kept
below the models so that the models' queryset uses it without an import circle: it
names no model, only fields.
"""

from django.db.models import Q

from strategies.access import scope_for


def visible_blueprints_q(user) -> Q | None:
    """The filter behind ``Blueprint.objects.visible_to``; ``None`` means everything."""
    scope = scope_for(user)
    if scope.edit_all:
        return None
    condition = Q(province_id__in=scope.read)
    if scope.reviewer:
        condition |= Q(submitted_at__isnull=False)
    return condition
