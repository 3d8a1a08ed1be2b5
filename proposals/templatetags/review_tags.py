"""Template helpers of OPDC's review workspace."""

from django import template
from django.utils.http import urlencode

from proposals.review.access import is_opdc
from proposals.review.dashboard import status_label as _status_label

register = template.Library()


@register.filter
def is_opdc_reviewer(user) -> bool:
    """Whether to show the review workspace to ``user`` (uses the cached scope)."""
    return bool(getattr(user, "is_authenticated", False)) and is_opdc(user)


@register.filter
def get_item(mapping, key):
    if not mapping:
        return None
    return mapping.get(key)


@register.simple_tag
def sort_query(base: str, sort: str, current: str) -> str:
    """The query string sorting by ``sort`` (toggling direction when already sorted by it)."""
    if current == sort and not sort.startswith("-"):
        sort = f"-{sort}"
    elif current == sort:
        sort = sort[1:]
    extra = urlencode({"sort": sort})
    return f"{base}&{extra}" if base else extra


@register.simple_tag
def aria_sort(sort: str, current: str) -> str:
    """``aria-sort`` for a column header sorted by ``sort`` when ``current`` is the sort."""
    if current == sort:
        return "ascending"
    if current == f"-{sort}":
        return "descending"
    return "none"


@register.filter
def completeness_class(value) -> str:
    if value is None:
        return "bg-secondary"
    if value >= 100:
        return "bg-success"
    if value >= 60:
        return "bg-info"
    return "bg-warning"


@register.filter
def row_status_label(code) -> str:
    """The label of a dashboard row's status (including "no Blueprint yet")."""
    return _status_label(code)
