"""Views of comment threads on a Blueprint's sections and rows."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from proposals import services as blueprint_services
from proposals.models import SectionKey
from proposals.participation import comments as comment_services
from proposals.participation import selectors
from proposals.participation.forms import (
    CommentEditForm,
    CommentForm,
)
from proposals.participation.models import (
    Comment,
    WorkshopPoint,
)
from proposals.participation.views.shared import GET_POST, _load, _post_data
from strategies import http

# --------------------------------------------------------------------------
# Comments
# --------------------------------------------------------------------------


def _section_param(request, blueprint=None) -> str:
    """The section asked for; without one, the first section with an open thread (so the
    page does not open on an empty section while others wait for an answer), or with a
    thread matching the search."""
    key = request.GET.get("section") or request.POST.get("section")
    if not key and blueprint is not None:
        search = _search_param(request)
        roots = selectors.matching_roots(blueprint, search)
        open_sections = set(
            (roots if search else roots.filter(resolved_at=None)).values_list("section", flat=True)
        )
        key = next((value for value in SectionKey.values if value in open_sections), None)
    key = key or SectionKey.GOALS
    if key not in SectionKey.values:
        raise Http404
    return key


def _search_param(request) -> str:
    """The words searched for (``?q=``), as typed, cut to the search box's length."""
    return " ".join(request.GET.get("q", "").split())[:200]


def _parse_row(raw: str, rows: dict):
    """``(kind, row)`` from the form's "kind:pk" choice, checked to be of the section."""
    if not raw:
        return "", None
    kind_key, _sep, pk = raw.partition(":")
    if not pk.isdigit() or (kind_key, int(pk)) not in rows:
        raise Http404
    return kind_key, rows[(kind_key, int(pk))]


def _thread_context(
    request, blueprint, rights, section, *, form=None, only_row=None, first=False, focus=None
):
    """The section's threads, a page of them: ``?page=N``, or the page of ``?thread=ID``
    or of ``focus`` (where a notification or a redirect points), or the first page when
    ``first``."""
    rows = selectors.section_rows(blueprint, section)
    show_resolved = request.GET.get("resolved") != "0"
    search = _search_param(request)
    ids = selectors.thread_ids(
        blueprint, section=section, row=only_row, show_resolved=show_resolved, search=search
    )
    number = 1 if first else request.GET.get("page")
    wanted = str(focus) if focus else request.GET.get("thread", "")
    if not first and wanted.isdigit() and int(wanted) in ids:
        number = ids.index(int(wanted)) // selectors.THREADS_PER_PAGE + 1
    page = Paginator(ids, selectors.THREADS_PER_PAGE).get_page(number)
    thread_list = selectors.threads(blueprint, list(page.object_list))
    selectors.annotate_versions(thread_list, rows)
    for root in thread_list:
        _decorate(request.user, rights, root)
    query = {"section": section}
    if only_row:
        query["row"] = f"{only_row[0]}:{only_row[1]}"
    if not show_resolved:
        query["resolved"] = "0"
    if search:
        query["q"] = search
    return {
        "blueprint": blueprint,
        "rights": rights,
        "section": section,
        "section_label": SectionKey(section).label,
        "sections": [(key.value, key.label) for key in SectionKey],
        "counts": selectors.comment_counts(blueprint, search),
        "search": search,
        "search_query": urlencode({"q": search}) if search else "",
        "threads": thread_list,
        "page": page,
        "query_without_page": urlencode(query),
        "form": form or CommentForm(rows=selectors.row_choices(rows)),
        "only_row": only_row,
        "show_resolved": show_resolved,
        "workshop_points": list(
            WorkshopPoint.objects.filter(workshop__blueprint=blueprint, section=section)
            .select_related("workshop")
            .order_by("-workshop__starts_at", "pk")
        ),
    }


def _decorate(user, rights, root):
    root.can_resolve = comment_services.can_resolve(user, rights, root)
    for comment in [root, *root.reply_list]:
        comment.html = comment_services.render_body(comment, comment.mention_list)
        comment.can_edit = comment_services.can_edit(user, comment)


@login_required
@GET_POST
def comment_threads(request, pk):
    """The threads of one section (or one row of it); POST starts a thread."""
    blueprint, rights = _load(request, pk)
    section = _section_param(request, blueprint)
    only_row = None
    raw_row = request.GET.get("row", "")
    if raw_row:
        kind_key, _sep, row_pk = raw_row.partition(":")
        if not row_pk.isdigit():
            raise Http404
        only_row = (kind_key, int(row_pk))
    form = None
    status = 200
    if request.method == "POST":
        rows = selectors.section_rows(blueprint, section)
        form = CommentForm(request.POST, rows=selectors.row_choices(rows))
        status = 400
        if form.is_valid():
            row_kind, row = _parse_row(form.cleaned_data.get("row", ""), rows)
            try:
                comment = comment_services.comment_post(
                    user=request.user, blueprint=blueprint, body=form.cleaned_data["body"],
                    section=section, row_kind=row_kind, row=row,
                )  # fmt: skip
            except ValidationError as error:
                http.add_errors(form, error)
                status = _refused_status(error)
            else:
                if http.is_htmx(request):
                    # The threads with the new comment, and an empty form (out of band).
                    context = _thread_context(
                        request, blueprint, rights, section, only_row=only_row, first=True
                    )
                    context["oob_form"] = True
                    return render(request, "proposals/participation/_threads.html", context)
                messages.success(request, _("Comment posted."))
                return redirect(comment.get_absolute_url())
    context = _thread_context(request, blueprint, rights, section, form=form, only_row=only_row)
    if http.is_htmx(request):
        context["oob_form"] = form is not None  # the form again, with its errors
        return render(request, "proposals/participation/_threads.html", context)
    return render(request, "proposals/participation/comments.html", context, status=status)


def _refused_status(error: ValidationError) -> int:
    """429 when the person is writing too fast (they may retry later), else 400."""
    return 429 if isinstance(error, comment_services.RateLimited) else 400


def _comment_or_404(blueprint, comment_pk):
    return get_object_or_404(
        Comment.objects.select_related("author", "parent", "blueprint"),
        pk=comment_pk,
        blueprint=blueprint,
    )


def _render_thread(request, blueprint, rights, root_pk, section, *, reply=None, status=200):
    """The thread alone (HTMX); ``reply`` a refused reply form, shown with what was typed."""
    rows = selectors.section_rows(blueprint, section)
    thread_list = selectors.threads(blueprint, [root_pk])
    if not thread_list:
        raise Http404
    selectors.annotate_versions(thread_list, rows)
    _decorate(request.user, rights, thread_list[0])
    thread_list[0].reply_form = reply
    return render(
        request,
        "proposals/participation/_thread.html",
        {"blueprint": blueprint, "rights": rights, "thread": thread_list[0], "section": section},
        status=status,
    )


@login_required
@require_POST
def comment_reply(request, pk, comment_pk):
    blueprint, rights = _load(request, pk)
    parent = _comment_or_404(blueprint, comment_pk)
    form = CommentEditForm(request.POST)
    root_pk = parent.parent_id or parent.pk
    if form.is_valid():
        try:
            comment_services.comment_post(
                user=request.user, blueprint=blueprint, body=form.cleaned_data["body"],
                parent=parent,
            )  # fmt: skip
        except ValidationError as error:
            # Refused (too fast, too many mentions): the thread again, the reply kept.
            http.add_errors(form, error)
            if http.is_htmx(request):
                return _render_thread(
                    request, blueprint, rights, root_pk, parent.section, reply=form
                )
            context = _thread_context(request, blueprint, rights, parent.section, focus=root_pk)
            for thread in context["threads"]:
                if thread.pk == root_pk:
                    thread.reply_form = form
            return render(
                request,
                "proposals/participation/comments.html",
                context,
                status=_refused_status(error),
            )
        if http.is_htmx(request):
            return _render_thread(request, blueprint, rights, root_pk, parent.section)
        messages.success(request, _("Reply posted."))
    else:
        messages.error(request, _("Write a reply."))
    return redirect(parent.get_absolute_url())


@login_required
@GET_POST
def comment_edit(request, pk, comment_pk):
    blueprint, rights = _load(request, pk)
    comment = _comment_or_404(blueprint, comment_pk)
    if comment.author_id != request.user.pk:
        raise PermissionDenied
    form = CommentEditForm(_post_data(request), initial={"body": comment.body})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            comment_services.comment_edit(
                user=request.user, comment=comment, body=form.cleaned_data["body"]
            )
        except blueprint_services.Refused as error:
            messages.error(request, error.message)
            return redirect(comment.get_absolute_url())
        except ValidationError as error:
            http.add_errors(form, error)
            status = _refused_status(error)
        else:
            if http.is_htmx(request):
                return _render_thread(
                    request, blueprint, rights, comment.parent_id or comment.pk, comment.section
                )
            messages.success(request, _("Saved."))
            return redirect(comment.get_absolute_url())
    if not comment_services.can_edit(request.user, comment):
        messages.error(request, _("A comment can only be edited in the first 15 minutes."))
        return redirect(comment.get_absolute_url())
    if http.is_htmx(request):
        response = render(
            request,
            "proposals/participation/_comment_edit.html",
            {"blueprint": blueprint, "comment": comment, "form": form},
        )
        if form.errors:  # the form again, with its errors, in place of itself
            response["HX-Retarget"] = f"#comment-{comment.pk}"
            response["HX-Reswap"] = "outerHTML"
        return response
    return render(
        request,
        "proposals/participation/comment_edit.html",
        {"blueprint": blueprint, "comment": comment, "form": form},
        status=status,
    )


@login_required
@require_POST
def comment_resolve(request, pk, comment_pk):
    blueprint, rights = _load(request, pk)
    comment = _comment_or_404(blueprint, comment_pk)
    if comment.parent_id is not None:
        raise Http404
    if not comment_services.can_resolve(request.user, rights, comment):
        raise PermissionDenied
    resolved = request.POST.get("resolved") != "0"
    comment_services.comment_set_resolved(user=request.user, comment=comment, resolved=resolved)
    if http.is_htmx(request):
        return _render_thread(request, blueprint, rights, comment.pk, comment.section)
    return redirect(comment.get_absolute_url())
