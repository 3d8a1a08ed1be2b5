"""The reviewers of a submitted Blueprint, on its review page: assign and take off.

Access as the review page's (:func:`proposals.review.access.blueprint_for_review`):
strangers 404, the province's members 403; the service checks the right again.
POST only; every answer is a redirect back to the review page's reviewers card.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from proposals.review import assignments
from proposals.review.access import blueprint_for_review


def _back(blueprint):
    return redirect(reverse("proposals:review:review", args=[blueprint.pk]) + "#reviewers")


@login_required
@require_POST
def reviewer_add(request, pk):
    blueprint, _rights = blueprint_for_review(request.user, pk)
    raw = request.POST.get("reviewer", "")
    if raw == "me":
        raw = str(request.user.pk)
    try:
        assignment = assignments.reviewer_assign(
            user=request.user, blueprint=blueprint, reviewer_id=int(raw) if raw.isdigit() else 0
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        reviewer = assignment.reviewer
        messages.success(
            request,
            _("%(name)s reviews this Blueprint.")
            % {"name": reviewer.get_full_name() or reviewer.get_username()},
        )
    return _back(blueprint)


@login_required
@require_POST
def reviewer_remove(request, pk, user_pk):
    blueprint, _rights = blueprint_for_review(request.user, pk)
    if assignments.reviewer_unassign(user=request.user, blueprint=blueprint, reviewer_id=user_pk):
        messages.success(request, _("The reviewer was taken off this Blueprint."))
    else:
        messages.info(request, _("That reviewer was no longer on this Blueprint."))
    return _back(blueprint)
