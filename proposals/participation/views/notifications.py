"""Views of the inbox and notifications: a person's own, another's is 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from proposals.participation import notifications as notification_services
from proposals.participation import selectors
from proposals.participation.forms import (
    PreferenceForm,
)
from proposals.participation.models import (
    Notification,
)
from strategies import http

# --------------------------------------------------------------------------
# Inbox and notifications
# --------------------------------------------------------------------------


@login_required
@require_GET
def inbox(request):
    box = selectors.inbox(request.user)
    return render(request, "proposals/participation/inbox.html", {"box": box})


def _notifications_page(request):
    notifications = list(
        Notification.objects.filter(recipient=request.user).select_related("actor")[:100]
    )
    for notification in notifications:
        notification.text = notification_services.notification_text(notification)
    return notifications


@login_required
@require_GET
def notification_list(request):
    notifications = _notifications_page(request)
    preference = notification_services.preference_for(request.user)
    return render(
        request,
        "proposals/participation/notifications.html",
        {
            "notifications": notifications,
            "unread": sum(1 for n in notifications if n.is_unread),
            "preference_form": PreferenceForm(
                initial={
                    "email_mode": preference.email_mode,
                    **{f"kind_{k}": v for k, v in (preference.kind_modes or {}).items()},
                }
            ),
        },
    )


@login_required
@require_GET
def notification_bell(request):
    """The bell's unread count (loaded by HTMX into every page's navigation)."""
    unread = Notification.objects.filter(recipient=request.user, read_at__isnull=True).count()
    return render(request, "proposals/participation/_bell.html", {"unread": unread, "loaded": True})


@login_required
@require_POST
def notification_read(request, pk):
    """Mark one notification read (or unread again with ``unread=1``); then open its link."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if request.POST.get("unread") == "1":
        notification_services.mark_unread(user=request.user, notification_id=notification.pk)
    else:
        notification_services.mark_read(user=request.user, notification_ids=[notification.pk])
    notification.refresh_from_db()
    if http.is_htmx(request):
        notification.text = notification_services.notification_text(notification)
        return render(request, "proposals/participation/_notification.html", {"n": notification})
    if request.POST.get("open") == "1" and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}
    ):
        return redirect(notification.url)
    return redirect("proposals:participation:notifications")


@login_required
@require_POST
def notifications_read_all(request):
    count = notification_services.mark_read(user=request.user)
    messages.success(request, _("%(count)s notification(s) marked read.") % {"count": count})
    return redirect("proposals:participation:notifications")


@login_required
@require_POST
def notification_settings(request):
    form = PreferenceForm(request.POST)
    if form.is_valid():
        notification_services.preference_set(
            user=request.user,
            email_mode=form.cleaned_data["email_mode"],
            kind_modes=form.kind_modes(),
        )
        messages.success(request, _("Your e-mail preference was saved."))
    else:
        messages.error(request, _("Choose how you want to be e-mailed."))
    return redirect("proposals:participation:notifications")
