"""Who may use OPDC's review workspace — built on :mod:`strategies.access` and
:mod:`proposals.access`, the one place access is decided.

- The **national dashboard, the exports and the cluster roll-up** are for OPDC
  reviewers (and superusers) only: anyone else signed in gets **403** — the
  workspace's existence is no secret (its address is the same for everyone), only
  its content is; anonymous visitors are sent to the login page.
- The **review page** of a Blueprint (reading the submitted version, comparing,
  review comments, scores, the decision) needs the right to review it
  (``Rights.review``: a reviewer, once it has been submitted). A stranger gets 404
  (:func:`proposals.access.blueprint_for`), a member of the province 403.
- The **review history** (decisions, review comments, scores once decided) is for
  everyone who may read the Blueprint: the province's members and reviewers.
- What an export contains is filtered with ``Blueprint.objects.visible_to(user)`` and
  built from submitted versions only, never from working copies.
"""

from django.core.exceptions import PermissionDenied

from proposals import access
from proposals.models import BlueprintStatus
from strategies.access import scope_for


def is_opdc(user) -> bool:
    """An OPDC reviewer (or a superuser): may use the national workspace."""
    return scope_for(user).reviewer


def require_opdc(user) -> None:
    """403 unless the person is an OPDC reviewer (login is checked by the view first)."""
    if not is_opdc(user):
        raise PermissionDenied


def blueprint_for_review(user, pk):
    """The Blueprint and rights for its review page: 404 for strangers, 403 for members.

    With its province only: the page shows the submitted snapshot, not the cascade the
    working copy hangs from (a six-table join took longer to plan than to run)."""
    from proposals.models import Blueprint

    blueprint, rights = access.blueprint_for(
        user, pk, queryset=Blueprint.objects.select_related("province")
    )
    access.require_review(rights)
    return blueprint, rights


def blueprint_for_history(user, pk):
    """The Blueprint and rights for its review history: anyone who may read it."""
    from proposals.selectors import blueprint_queryset

    return access.blueprint_for(user, pk, queryset=blueprint_queryset())


def review_open(blueprint, snapshot) -> bool:
    """Comments and scores can be given while this version awaits OPDC's decision."""
    return blueprint.status == BlueprintStatus.SUBMITTED and snapshot.edition == blueprint.edition
