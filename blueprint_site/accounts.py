"""Password change and password reset by e-mail: Django's views, throttled and audited.

A reset request is limited per address and per e-mail address (in the cache), so the form
can neither flood someone's mailbox nor be used to probe many addresses quickly. The
answer is the same whether an account has that e-mail or not, and whether the per-e-mail
limit was reached or not (the mail is then simply not sent); only a requester over the
per-address limit is told to wait. The mail goes through Django's e-mail backend.

Changing one's password asks for the current one; wrong guesses at it are limited per
person the same way, so a session left open is not a way to find the password out.
"""

from __future__ import annotations

import hashlib

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.shortcuts import render
from django.urls import path, reverse_lazy
from django.utils.translation import gettext as _

from strategies.audit import audit_record
from strategies.models import AuditAction
from strategies.throttle import client_address

WINDOW = 60 * 60  # seconds over which the limits below count


def _count(kind: str, value: str) -> str:
    digest = hashlib.blake2b(value.strip().lower().encode(), digest_size=16).hexdigest()
    return f"throttle:{kind}:{digest}"


def _over(kind: str, value: str, limit: int) -> bool:
    """Count one more use of ``value`` for ``kind``; whether it is past ``limit`` now."""
    key = _count(kind, value)
    cache.add(key, 0, WINDOW)  # the window starts at the first use
    try:
        used = cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, WINDOW)
        used = 1
    return used > limit


def _too_many(request, message: str):
    return render(request, "registration/too_many.html", {"message": message}, status=429)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request, limited per address and per e-mail address."""

    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def post(self, request, *args, **kwargs):
        limit = settings.PASSWORD_RESET_ADDRESS_LIMIT
        if _over("reset-address", client_address(request) or "", limit):
            return _too_many(
                request,
                _("Too many password reset requests from this address. Try again in an hour."),
            )
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if _over("reset-email", email, settings.PASSWORD_RESET_EMAIL_LIMIT):
            # The same answer as when a mail is sent: nothing to learn from it.
            return super(auth_views.PasswordResetView, self).form_valid(form)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        # Whoever forgot their password has often locked the account trying: the mailbox
        # proved it is theirs, so the new password works at once.
        axes_reset(username=form.user.get_username())
        audit_record(
            actor=form.user,
            action=AuditAction.PASSWORD_RESET,
            target=form.user,
            request=self.request,
        )
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change; wrong current passwords are limited per person."""

    template_name = "registration/password_change_form.html"

    def post(self, request, *args, **kwargs):
        key = _count("change", str(request.user.pk))
        if (cache.get(key) or 0) >= settings.PASSWORD_CHANGE_FAILURE_LIMIT:
            return _too_many(
                request,
                _("Too many wrong current passwords. Try again in an hour, or log out and "
                  "reset your password by e-mail."),
            )  # fmt: skip
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        if "old_password" in form.errors:
            _over("change", str(self.request.user.pk), settings.PASSWORD_CHANGE_FAILURE_LIMIT)
        return super().form_invalid(form)

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(
            actor=self.request.user,
            action=AuditAction.PASSWORD_CHANGED,
            target=self.request.user,
            request=self.request,
        )
        return response


urlpatterns = [
    path("password/change/", PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("password/reset/", PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        PasswordResetConfirmView.as_view(success_url=reverse_lazy("password_reset_complete")),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
