"""How often one can try a password: per username and address, and per address alone.

django-axes locks a username from one address after ``AXES_FAILURE_LIMIT`` wrong
passwords. That alone lets one address try one password on many usernames, so
:class:`LoginThrottle` also refuses every log-in from an address that failed
``LOGIN_ADDRESS_FAILURE_LIMIT`` times within the cool-off, whatever usernames it tried
(higher than the per-username limit: a provincial office's staff share one address).

Attempts refused during a lockout are not recorded (``AXES_RESET_COOL_OFF_ON_FAILURE
_DURING_LOCKOUT = False``), so a locked-out attacker adds nothing to the database; the
lockout itself goes to the audit log once (:func:`strategies.audit.audit_lockout`).
"""

from __future__ import annotations

import ipaddress

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum

USERNAME_LIMIT = 150  # what is kept of a typed username (a real one is never longer)


def typed_username(request, credentials) -> str | None:
    """The username django-axes records (``AXES_USERNAME_CALLABLE``): as typed, cut to a
    username's length — the log-in forms, the admin's among them, do not refuse a longer
    one before it is tried."""
    source = credentials if credentials is not None else getattr(request, "POST", {})
    username = source.get(settings.AXES_USERNAME_FORM_FIELD) if source else None
    return None if username is None else str(username)[:USERNAME_LIMIT]


IPV6_PREFIX = 64  # one subscriber is given a whole /64


def client_ip(request) -> str | None:
    """The client's own address: behind ``CLIENT_PROXY_COUNT`` proxies, the one the first
    proxy saw, read from the right of ``X-Forwarded-For`` so that what a client writes
    there itself is never believed; else ``REMOTE_ADDR``."""
    found = request.META.get("REMOTE_ADDR") or None
    proxies = settings.CLIENT_PROXY_COUNT
    if proxies:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            found = hops[-proxies]
    try:
        return str(ipaddress.ip_address(found)) if found else None
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The address failures are counted by (``AXES_CLIENT_IP_CALLABLE``, and the password
    reset's limit): :func:`client_ip`, and for IPv6 its /64 network — counted one by one,
    a single IPv6 subscriber would have billions of addresses to try from."""
    found = client_ip(request)
    if found is None:
        return None
    address = ipaddress.ip_address(found)
    if address.version == 6 and address.ipv4_mapped is None:
        network = ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False)
        return str(network.network_address)
    return found


def address_failures(request) -> int:
    """Failed log-ins from ``request``'s address within the cool-off, all usernames."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    found = AccessAttempt.objects.filter(
        ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
    ).aggregate(total=Sum("failures_since_start"))
    return found["total"] or 0


def address_locked(request) -> bool:
    """Whether ``request``'s address has failed too often to try again yet."""
    return address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


class LoginThrottle(AxesDatabaseHandler):
    """django-axes' database handler, locking an address that fails too often as well."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        if address_locked(request):
            request.login_address_locked = True  # the lockout page says why
            return True
        return False
