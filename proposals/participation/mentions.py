"""Suggestions for ``@mentions`` while one types a comment: people and agencies by name.

A comment mentions ``@username`` or ``@agency-code`` (:mod:`proposals.participation.comments`);
nobody remembers ``@chumphon-tourism``, so the comment box asks this module, as one
types ``@สม`` or ``@tour``, for the people and agencies whose name, username or code
holds those letters. Only those a mention would reach are offered: people who read the
Blueprint's working copy (the province's editors and viewers, the people of its line
agencies — never OPDC, never another province) and the province's line agencies. Two
queries, whatever the number of people.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Q

from strategies.models import Organisation, OrganisationKind, Role

LIMIT = 8
MIN_LENGTH = 1


@dataclass(frozen=True)
class Suggestion:
    token: str  # what goes after the "@"
    label: str  # the name shown
    detail: str  # the agency, or "agency"
    kind: str  # "person" or "agency"


def suggestions(blueprint, query: str, *, limit: int = LIMIT) -> list[Suggestion]:
    """People and agencies of ``blueprint``'s province matching ``query`` (names first)."""
    query = " ".join((query or "").split())[:60]
    if len(query) < MIN_LENGTH:
        return []
    province_id = blueprint.province_id
    # One filter() call: the province, the agency and the role are those of one membership.
    roles = [Role.EDITOR, Role.VIEWER, Role.CONTRIBUTOR]
    local = Q(memberships__organisation_id=province_id, memberships__role__in=roles) | Q(
        memberships__organisation__province_id=province_id,
        memberships__organisation__kind=OrganisationKind.LINE_AGENCY,
        memberships__role__in=roles,
    )
    words = query.split()
    matches = Q()
    for word in words:
        matches &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(username__istartswith=word)
        )
    people = (
        get_user_model()
        .objects.filter(local, is_active=True)
        .filter(matches)
        .distinct()
        .order_by("first_name", "last_name", "username")[:limit]
    )
    agency_matches = Q()
    for word in words:
        agency_matches &= (
            Q(name__icontains=word) | Q(name_en__icontains=word) | Q(code__istartswith=word)
        )
    agencies = Organisation.objects.filter(
        agency_matches, kind=OrganisationKind.LINE_AGENCY, province_id=province_id
    ).order_by("name")[:limit]
    found = [
        Suggestion(
            token=user.get_username(),
            label=user.get_full_name() or user.get_username(),
            detail=user.get_username(),
            kind="person",
        )
        for user in people
    ]
    found += [
        Suggestion(token=agency.code, label=agency.name, detail=agency.code, kind="agency")
        for agency in agencies
    ]
    return found[:limit]
