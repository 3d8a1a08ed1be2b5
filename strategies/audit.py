"""The audit log of sensitive actions: role changes, submissions, decisions, exports.

Call ``audit_record`` inside the transaction of the action it records, so the event and the
action are kept or lost together.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from strategies.models import AuditAction, AuditEvent


def audit_record(
    *,
    actor,
    action: AuditAction | str,
    target=None,
    details: dict[str, Any] | None = None,
    request=None,
) -> AuditEvent:
    actor = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor else "",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:500] if target is not None else "",
        details=details or {},
        ip_address=_client_ip(request),
    )


def audit_export(request, target=None, **details) -> AuditEvent:
    """Record that ``request.user`` took data out of the app (a download or an export)."""
    details.setdefault("path", request.path[:300])
    return audit_record(
        actor=request.user,
        action=AuditAction.EXPORTED,
        target=target,
        details=details,
        request=request,
    )


def _client_ip(request) -> str | None:
    if request is None:
        return None
    from strategies.throttle import client_ip

    return client_ip(request)  # behind the proxy, the client's, not the proxy's


def audit_lockout(sender, request=None, username=None, ip_address=None, **kwargs):
    """Record a log-in lockout in the audit log, once per lockout.

    django-axes announces the lockout on every attempt refused while it lasts; the
    username is whatever the visitor typed. So one row per username and address — or per
    address, when the address itself is locked (:mod:`strategies.throttle`) — per cool-off,
    and the typed username cut to a username's length.
    """
    from axes.helpers import get_cool_off

    from strategies.throttle import USERNAME_LIMIT, address_locked

    address = ip_address or _client_ip(request)
    name = (username or "")[:USERNAME_LIMIT]
    scope = "address" if request is not None and address_locked(request) else "username"
    recent = AuditEvent.objects.filter(
        action=AuditAction.LOGIN_LOCKED,
        ip_address=address,
        target_type=f"login:{scope}",
        created_at__gte=timezone.now() - get_cool_off(request),
    )
    if scope == "username":
        recent = recent.filter(target_label=name)
    if recent.exists():
        return None
    return AuditEvent.objects.create(
        action=AuditAction.LOGIN_LOCKED,
        actor_name=name,
        target_type=f"login:{scope}",
        target_label=name if scope == "username" else (address or ""),
        ip_address=address,
    )
