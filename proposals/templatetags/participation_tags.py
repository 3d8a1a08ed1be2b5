"""Template helpers for participation pages."""

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` (``None`` when missing) — for dicts keyed by a variable."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag
def section_comment_counts(blueprint):
    """Open and resolved threads per section of a Blueprint (one query)."""
    from proposals.participation.selectors import comment_counts

    return comment_counts(blueprint)
