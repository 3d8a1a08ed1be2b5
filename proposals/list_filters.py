"""Search and filters of a province's own lists (issue 20): the Blueprints list and a
Blueprint's workshop log.

They only narrow what the person already sees (the lists are built from
``Blueprint.objects.visible_to`` and the Blueprint's own rows), so a search can never
show more than the list. Every word typed must appear (case-insensitive, anywhere: Thai
is written without spaces, so a word is matched inside the text); a value that is not
an option of the filter is ignored, and the form shows what was typed.
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from proposals.models import BlueprintStatus

MAX_WORDS = 8


def words_of(text: str) -> list[str]:
    return (text or "").split()[:MAX_WORDS]


def each_word(text: str, *fields: str) -> Q:
    """Every word of ``text`` in one of ``fields``."""
    condition = Q()
    for word in words_of(text):
        any_field = Q()
        for field in fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return condition


class BlueprintListFilter(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    fy = forms.TypedChoiceField(label=_("Fiscal year"), coerce=int, required=False)

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *BlueprintStatus.choices]
        self.fields["fy"].choices = [("", _("All years")), *[(y, y) for y in years]]

    def apply(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.filter(
                each_word(data["q"], "title", "issue__title", "province__name", "province__name_en")
            )
        if data["status"]:
            queryset = queryset.filter(status=data["status"])
        if data["fy"]:
            queryset = queryset.filter(fiscal_year=data["fy"])
        return queryset

    @property
    def active(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


class WorkshopFilter(forms.Form):
    UPCOMING, HELD = "upcoming", "held"

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    when = forms.ChoiceField(
        label=_("When"),
        required=False,
        choices=[("", _("All")), (UPCOMING, _("To come")), (HELD, _("Held"))],
    )

    def apply(self, queryset, *, now):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.filter(each_word(data["q"], "title", "venue", "agenda", "minutes"))
        if data["when"] == self.UPCOMING:
            queryset = queryset.filter(starts_at__gte=now)
        elif data["when"] == self.HELD:
            queryset = queryset.filter(starts_at__lt=now)
        return queryset

    @property
    def active(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())
