"""``{% letter_of snapshot as letter %}``: the covering letter of a submission (its
details, not its bytes), or ``None``."""

from django import template

from proposals.letters.models import SubmissionLetter

register = template.Library()


@register.simple_tag
def letter_of(snapshot):
    if snapshot is None:
        return None
    return SubmissionLetter.objects.filter(snapshot=snapshot).defer("content").first()
