"""Who may read the health page and the metrics: operators only.

An operator is a staff member logged in, or a client (load balancer, Prometheus) that
sends ``Authorization: Bearer <DJANGO_OPS_TOKEN>``. Everyone else gets 404: the pages
are not there for them, as a province's pages are not there for a stranger.
"""

import functools
import hmac

from django.conf import settings
from django.http import Http404


def is_operator(request) -> bool:
    token = settings.OPS_TOKEN
    scheme, _sep, sent = request.headers.get("Authorization", "").partition(" ")
    if token and scheme.lower() == "bearer" and sent:
        if hmac.compare_digest(sent.strip().encode(), token.encode()):
            return True
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def operators_only(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_operator(request):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped
