"""The covering letter's page (details, the province's office, a draft preview) and the
archived letter of each submission. Access through :mod:`proposals.access` like every
Blueprint page: a stranger gets 404, OPDC only the letters of submissions."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proposals import access, selectors
from proposals.letters import archive, forms, services
from proposals.letters import render as letter_render
from proposals.letters.models import CoveringLetter, SubmissionLetter
from proposals.pdf import render as blueprint_render
from strategies import http
from strategies.audit import audit_export
from strategies.uploads import limited_upload, upload_too_large

# The form's other fields are small: the emblem's limit bounds the whole request.
UPLOAD_LIMIT = services.EMBLEM_MAX_BYTES


def _load(request, pk, *, edit=True):
    blueprint, rights = access.blueprint_for(
        request.user, pk, queryset=selectors.blueprint_queryset()
    )
    access.require_live(rights)
    if edit:
        access.require_edit(rights)
    return blueprint, rights


def _filename(blueprint, suffix: str) -> str:
    province = re.sub(r"[^a-z0-9-]+", "-", (blueprint.province.code or "").lower()).strip("-")
    return f"letter-{province or blueprint.pk}-{blueprint.fiscal_year}-{suffix}.pdf"


def _page(request, blueprint, *, letter_form=None, office_form=None, status=200):
    letters = (
        SubmissionLetter.objects.filter(snapshot__blueprint=blueprint)
        .select_related("snapshot")
        .defer("content")
        .order_by("-snapshot__edition")
    )
    return render(
        request,
        "proposals/letters/letter_page.html",
        {
            "blueprint": blueprint,
            "letter_form": letter_form or forms.LetterForm(blueprint=blueprint),
            "office_form": office_form or forms.OfficeForm(province=blueprint.province),
            "province": blueprint.province,
            "saved": CoveringLetter.objects.filter(blueprint=blueprint).first(),
            "frozen": blueprint.status in services.LETTER_FROZEN,
            "letters": letters,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def letter_page(request, pk):
    """The covering letter's details (editors of the province)."""
    blueprint, _rights = _load(request, pk)
    if request.method == "GET":
        return _page(request, blueprint)
    form = forms.LetterForm(request.POST, blueprint=blueprint)
    if form.is_valid():
        try:
            services.letter_save(user=request.user, blueprint=blueprint, values=form.cleaned_data)
        except services.LetterRefused as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The covering letter is saved."))
            return redirect("proposals:letter", blueprint.pk)
    return _page(request, blueprint, letter_form=form, status=400)


@login_required
@require_POST
@limited_upload(lambda: UPLOAD_LIMIT)
def letter_office(request, pk):
    """The province's office and emblem, as its letters print them."""
    blueprint, _rights = _load(request, pk)
    province = blueprint.province
    form = forms.OfficeForm(
        request.POST,
        request.FILES,
        province=province,
        too_large=upload_too_large(request),
    )
    if form.is_valid():
        services.province_office_save(
            user=request.user,
            province=province,
            values=form.cleaned_data,
            emblem=form.cleaned_data.get("emblem"),
            remove_emblem=form.cleaned_data.get("remove_emblem", False),
        )
        messages.success(request, _("The office's details are saved."))
        return redirect("proposals:letter", blueprint.pk)
    return _page(request, blueprint, office_form=form, status=400)


@login_required
@require_GET
def letter_preview(request, pk):
    """The letter as it would go today, watermarked «ฉบับร่าง» (nothing is stored)."""
    blueprint, _rights = _load(request, pk)
    letter = CoveringLetter.objects.filter(blueprint=blueprint).first()
    if letter is None:
        raise Http404
    data = letter_render.letter_data(
        letter=letter,
        blueprint=blueprint,
        snapshot_data=blueprint_render.draft_data(blueprint),
        dated=timezone.localdate(),
    )
    rendered = letter_render.render_pdf(data, draft=True)
    return http.pdf_response(rendered.content, _filename(blueprint, f"v{blueprint.edition}-draft"))


@login_required
@require_GET
def snapshot_letter(request, pk, edition):
    """The archived covering letter of a submission, byte for byte."""
    blueprint, _rights = access.blueprint_for(
        request.user, pk, queryset=selectors.blueprint_queryset()
    )
    snapshot = get_object_or_404(blueprint.snapshots, edition=edition)
    found = archive.letter_pdf_of(snapshot)
    if found is None:
        raise Http404
    letter, content = found
    audit_export(
        request, blueprint, format="pdf", letter=True, edition=edition, sha256=letter.sha256
    )
    response = http.pdf_response(content, _filename(blueprint, f"v{edition}"))
    response["ETag"] = f'"{letter.sha256}"'
    response["X-Content-SHA256"] = letter.sha256
    return response
