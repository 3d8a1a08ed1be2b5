"""The province's page for answering OPDC's comments on a returned version.

Thin, as the other views: access from :func:`proposals.access.blueprint_for` (404 for
strangers, 403 for OPDC, who reads the answers in what was submitted) and
:func:`proposals.review.answers.answer_access` (403 to save without the strategy
office's right); the service re-checks everything on the stored rows.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from proposals import access, selectors
from proposals.review import answers
from proposals.review.models import NOTE_SECTIONS

SAY_WHAT = gettext_lazy("Say what was changed in answer to this comment.")


class NoteAnswerForm(forms.Form):
    section = forms.ChoiceField(
        label=gettext_lazy("Where it was changed"),
        choices=NOTE_SECTIONS,
        error_messages={"invalid_choice": gettext_lazy("Choose a section of the Blueprint.")},
    )
    text = forms.CharField(
        label=gettext_lazy("What was changed"),
        max_length=answers.MAX_ANSWER_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": gettext_lazy("Say what was changed in answer to this comment.")
        },
    )
    version = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


def _load(request, pk):
    blueprint, rights = access.blueprint_for(
        request.user, pk, queryset=selectors.blueprint_queryset()
    )
    access.require_live(rights)  # OPDC reads the answers in the submitted version
    return blueprint, rights, answers.answer_access(rights, blueprint)


def _form_for(item):
    answer = item.answer
    initial = {
        "section": answer.section if answer else item.note.section,
        "text": answer.text if answer else "",
        "version": answer.version if answer else 0,
    }
    return NoteAnswerForm(initial=initial, prefix=f"note-{item.note.pk}")


def _page(request, blueprint, can, *, bound=None, conflict=None, status=200):
    snapshot, items = answers.items_for(blueprint)
    rows = []
    for item in items:
        section = item.answer.section if item.answer else item.note.section
        rows.append(
            {
                "item": item,
                "form": bound if bound is not None and bound[0] == item.note.pk else None,
                "conflict": conflict if conflict and conflict[0] == item.note.pk else None,
                "diff_url": answers.diff_url(blueprint, snapshot, section) if snapshot else "",
            }
        )
    for row in rows:
        row["form"] = row["form"][1] if row["form"] else _form_for(row["item"])
    return render(
        request,
        "proposals/review/answers.html",
        {
            "blueprint": blueprint,
            "snapshot": snapshot,
            "rows": rows,
            "can_write": can.write,
            "may_write": can.may_write,
            "missing": sum(1 for item in items if item.answer is None),
        },
        status=status,
    )


@login_required
@require_GET
def answers_page(request, pk):
    blueprint, _rights, can = _load(request, pk)
    return _page(request, blueprint, can)


@login_required
@require_POST
def answer_save(request, pk, note_pk):
    blueprint, _rights, can = _load(request, pk)
    if not can.may_write:
        raise PermissionDenied
    snapshot, items = answers.items_for(blueprint)
    item = next((item for item in items if item.note.pk == note_pk), None)
    if item is None:
        raise Http404
    form = NoteAnswerForm(request.POST, prefix=f"note-{note_pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            answers.note_answer_save(
                user=request.user, blueprint=blueprint, note=item.note,
                section=data["section"], text=data["text"], version=data["version"],
            )  # fmt: skip
        except answers.AnswerRefused as error:
            messages.error(request, error.message)
            return _page(request, blueprint, can, bound=(note_pk, form), status=409)
        except answers.AnswerConflict as error:
            return _page(
                request, blueprint, can, bound=(note_pk, _rebased(form, error.current)),
                conflict=(note_pk, error.current), status=409,
            )  # fmt: skip
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Answer saved."))
            url = reverse("proposals:answers", args=[blueprint.pk])
            return redirect(f"{url}#note-{note_pk}")
    return _page(request, blueprint, can, bound=(note_pk, form), status=400)


def _rebased(form, current):
    """The person's typed text, now on top of the version saved meanwhile: saving again
    is a deliberate choice to replace theirs."""
    data = form.data.copy()
    data[form.add_prefix("version")] = current.version if current else 0
    rebased = NoteAnswerForm(data, prefix=form.prefix)
    rebased.is_valid()
    return rebased
