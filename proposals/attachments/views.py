"""Attachment pages: the list, the upload form, the download (re-checked), the removal.

Access is decided by :mod:`proposals.access` (404 to strangers, and to OPDC before the
Blueprint is submitted) and :mod:`proposals.attachments.services` (who may upload and
remove; what OPDC reads after submission).
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from proposals import access
from proposals.attachments import services
from proposals.attachments.forms import AttachmentForm
from proposals.attachments.models import AttachmentKind
from proposals.participation.models import Workshop
from strategies.fields import is_pk
from strategies.uploads import limited_upload, upload_too_large


def _workshops_for(user, rights, blueprint) -> list:
    """The workshops of ``blueprint`` the person may attach files to."""
    workshops = Workshop.objects.filter(blueprint=blueprint).order_by("-starts_at", "-pk")
    if rights.edit:
        return list(workshops)
    if not rights.read_live:
        return []
    joined = services.workshops_joined(user, rights, blueprint)
    return [w for w in workshops if w.pk in joined]


def panel_context(user, rights, blueprint, *, workshop=None) -> dict:
    """What ``proposals/attachments/_panel.html`` needs (a Blueprint's or a workshop's).
    A fixed number of queries, however many files."""
    items = services.visible(rights, blueprint, workshop=workshop)
    open_ = services.uploads_open(blueprint)
    listed = services.submitted_ids(blueprint) if open_ and items else {}
    # Which workshops the person takes part in: asked only when it can matter (their own
    # files on a workshop, or the upload button of a workshop page).
    own = any(item.uploaded_by_id == user.pk and item.workshop_id for item in items)
    asks = not rights.edit and open_ and (own or workshop is not None)
    joined = services.workshops_joined(user, rights, blueprint) if asks else frozenset()
    if rights.edit:
        can_upload = open_
    else:
        can_upload = open_ and workshop is not None and workshop.pk in joined
    return {
        "attachments": [
            {
                "item": item,
                "removable": open_
                and item.pk not in listed
                and services.may_remove(user, rights, item, joined=joined),
            }
            for item in items
        ],
        "attachments_workshop": workshop,
        "can_upload": can_upload,
    }


@login_required
@require_GET
def attachment_list(request, pk):
    blueprint, rights = access.blueprint_for(request.user, pk)
    context = {"blueprint": blueprint, "rights": rights}
    context.update(panel_context(request.user, rights, blueprint))
    context["can_upload"] = services.uploads_open(blueprint) and bool(
        rights.edit or _workshops_for(request.user, rights, blueprint)
    )
    return render(request, "proposals/attachments/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@limited_upload(lambda: settings.ATTACHMENT_MAX_BYTES)
def attachment_upload(request, pk):
    blueprint, rights = access.blueprint_for(request.user, pk)
    access.require_live(rights)
    workshops = _workshops_for(request.user, rights, blueprint)
    if not (rights.edit or workshops):
        raise PermissionDenied
    preset = request.GET.get("workshop", "")
    initial = {"workshop": int(preset)} if is_pk(preset) else {}
    if request.GET.get("kind") in AttachmentKind.values:
        initial["kind"] = request.GET["kind"]
    status = 200
    if not services.uploads_open(blueprint):
        messages.warning(
            request, _("This Blueprint has been submitted: its attachments can no longer change.")
        )
        return redirect("proposals:attachments", blueprint.pk)
    if request.method == "POST":
        form = AttachmentForm(
            request.POST,
            request.FILES,
            workshops=workshops,
            editor=rights.edit,
            too_large=upload_too_large(request),
        )
        if form.is_valid():
            workshop = next((w for w in workshops if w.pk == form.cleaned_data["workshop"]), None)
            upload = form.cleaned_data["file"]
            try:
                attachment = services.attachment_upload(
                    user=request.user,
                    blueprint=blueprint,
                    workshop=workshop,
                    kind=form.cleaned_data["kind"],
                    title=form.cleaned_data["title"],
                    filename=upload.name,
                    content=upload.read(),
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request, _("The file “%(title)s” is attached.") % {"title": attachment.title}
                )
                return redirect(workshop or blueprint)
        status = 400
    else:
        form = AttachmentForm(initial=initial, workshops=workshops, editor=rights.edit)
    return render(
        request,
        "proposals/attachments/form.html",
        {"blueprint": blueprint, "rights": rights, "form": form},
        status=status,
    )


@login_required
@require_GET
def attachment_download(request, pk, attachment_pk):
    blueprint, rights = access.blueprint_for(request.user, pk)
    attachment = services.readable(request.user, rights, blueprint, attachment_pk)
    try:
        content = services.verified_content(attachment)
    except services.AttachmentCorrupted:
        return render(
            request,
            "proposals/attachments/corrupted.html",
            {"blueprint": blueprint, "attachment": attachment},
            status=500,
        )
    response = HttpResponse(content, content_type=attachment.content_type)
    inline = attachment.content_type != "application/pdf" and "download" not in request.GET
    response["Content-Disposition"] = content_disposition_header(not inline, attachment.filename)
    response["Content-Length"] = str(len(content))
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_POST
def attachment_remove(request, pk, attachment_pk):
    blueprint, rights = access.blueprint_for(request.user, pk)
    access.require_live(rights)
    attachment = services.readable(request.user, rights, blueprint, attachment_pk)
    if not services.may_remove(request.user, rights, attachment):
        raise PermissionDenied
    back = attachment.workshop or blueprint
    try:
        services.attachment_remove(user=request.user, attachment=attachment)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The file “%(title)s” is removed.") % {"title": attachment.title}
        )
    return redirect(back)
