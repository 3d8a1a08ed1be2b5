"""Named reviewers of a submitted Blueprint: who at OPDC is in charge of reviewing it.

Any OPDC reviewer who may review a Blueprint may assign it to a colleague (or to
themselves) and take an assignment off; the dashboard's "mine" filter shows a reviewer
the Blueprints assigned to them. Each assignment is one row, added or removed on its
own, so two reviewers changing the list at once never undo each other's change.

The reviewer put in charge hears about it (unless they assigned themselves) through the
notification machinery: kind "assigned to you", so their per-kind choice (immediate,
digest, off) applies, in the app at once and by e-mail after the commit.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from proposals import access
from proposals.models import Blueprint
from proposals.participation import notifications
from proposals.participation.models import NotificationKind
from proposals.review.models import ReviewerAssignment
from strategies.models import Membership, OrganisationKind, Role


def reviewer_candidates():
    """Every active OPDC reviewer, by name (those a Blueprint can be assigned to)."""
    reviewer_ids = Membership.objects.filter(
        role=Role.REVIEWER, organisation__kind=OrganisationKind.OPDC
    ).values("user_id")
    return (
        get_user_model()
        .objects.filter(pk__in=reviewer_ids, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


def _check(user, blueprint: Blueprint) -> None:
    if not access.rights_for(user, blueprint).review:
        raise PermissionDenied


@transaction.atomic
def reviewer_assign(*, user, blueprint: Blueprint, reviewer_id) -> ReviewerAssignment:
    """Put the OPDC reviewer ``reviewer_id`` in charge of ``blueprint``.

    Assigning someone already assigned changes nothing (and returns their assignment)."""
    _check(user, blueprint)
    reviewer = reviewer_candidates().filter(pk=reviewer_id).first()
    if reviewer is None:
        raise ValidationError(_("Choose a reviewer of OPDC."))
    existing = ReviewerAssignment.objects.filter(blueprint=blueprint, reviewer=reviewer).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            assignment = ReviewerAssignment.objects.create(
                blueprint=blueprint, reviewer=reviewer, assigned_by=user
            )
    except IntegrityError:  # assigned by someone else a moment ago (who told them)
        return ReviewerAssignment.objects.get(blueprint=blueprint, reviewer=reviewer)
    notifications.notify(
        recipients=[reviewer],
        kind=NotificationKind.ASSIGNED,
        blueprint=blueprint,
        actor=user,
        data={"review": True, "actor": user.get_full_name() or user.get_username()},
        url=reverse("proposals:review:review", args=[blueprint.pk]),
    )
    return assignment


@transaction.atomic
def reviewer_unassign(*, user, blueprint: Blueprint, reviewer_id) -> bool:
    """Take the reviewer ``reviewer_id`` off ``blueprint``; ``False`` if they were not on it."""
    _check(user, blueprint)
    deleted, _rows = ReviewerAssignment.objects.filter(
        blueprint=blueprint, reviewer_id=reviewer_id
    ).delete()
    return bool(deleted)
