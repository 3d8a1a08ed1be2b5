"""The home page: for a provincial strategy office, its desk.

Site level, because it gathers from both layers: the action plans (strategies) and the
Blueprints with what blocks them, the agencies' overdue assignments, the inputs waiting
for a decision and the workshops to come (proposals)."""

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from proposals.models import Blueprint, BlueprintStatus
from proposals.participation import selectors as participation_selectors
from proposals.review.models import SubmissionDeadline
from strategies import access
from strategies.models import ActionPlan


@dataclass
class Desk:
    blueprints: list = field(default_factory=list)
    overdue: list = field(default_factory=list)
    to_decide: list = field(default_factory=list)
    workshops: list = field(default_factory=list)


def desk_for(user, scope) -> Desk | None:
    """The strategy office's desk: ``None`` for people who edit no province."""
    if not (scope.edit or scope.edit_all):
        return None
    provinces = {} if scope.edit_all else {"province_id__in": scope.edit}
    blueprints = list(
        Blueprint.objects.visible_to(user)
        .filter(**provinces)
        .exclude(status=BlueprintStatus.ACCEPTED)
        .select_related("province", "issue", "review_digest")
        .order_by("fiscal_year", "province__name", "issue__number")
    )
    deadlines = dict(
        SubmissionDeadline.objects.filter(
            fiscal_year__in={blueprint.fiscal_year for blueprint in blueprints}
        ).values_list("fiscal_year", "submit_by")
    )
    today = timezone.localdate()
    for blueprint in blueprints:
        blueprint.deadline = deadlines.get(blueprint.fiscal_year)
        blueprint.late = (
            blueprint.deadline is not None
            and blueprint.deadline < today
            and blueprint.submitted_at is None
        )
        digest = getattr(blueprint, "review_digest", None)
        blueprint.blocker_count = digest.blockers if digest else None
    box = participation_selectors.inbox(user)
    return Desk(
        blueprints=blueprints,
        overdue=[section for section in box.handed_out if section.deadline == "overdue"],
        to_decide=box.to_decide,
        workshops=box.workshops,
    )


@login_required
@require_GET
def home(request):
    """The plans a person can see, and for a strategy office its desk."""
    scope = access.scope_for(request.user)
    plans = (
        ActionPlan.objects.visible_to(request.user)
        .select_related("organisation")
        .defer("vision", "missions")  # long texts the list does not show
        .order_by("organisation__name", "-start_year")
    )
    memberships = request.user.memberships.select_related("organisation").order_by(
        "organisation__name"
    )
    return render(
        request,
        "strategies/home.html",
        {
            "plans": plans[:20],
            "scope": scope,
            "memberships": memberships,
            "desk": desk_for(request.user, scope),
        },
    )
