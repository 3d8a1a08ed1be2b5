"""``attachments`` of the submission snapshot (schema in :mod:`proposals.snapshot`)."""

from proposals.attachments.models import Attachment


def attachments_data(blueprint) -> dict:
    """``{"attachments": [{id, kind: {code, label}, title, filename, content_type, size,
    sha256, workshop: {id, title} | null}]}`` in the order they were uploaded."""
    items = (
        Attachment.objects.filter(blueprint=blueprint)
        .defer("content")
        .select_related("workshop")
        .order_by("uploaded_at", "pk")
    )
    return {
        "attachments": [
            {
                "id": item.pk,
                "kind": {"code": item.kind, "label": str(item.get_kind_display())},
                "title": item.title,
                "filename": item.filename,
                "content_type": item.content_type,
                "size": item.size,
                "sha256": item.sha256,
                "workshop": (
                    {"id": item.workshop_id, "title": item.workshop.title}
                    if item.workshop_id
                    else None
                ),
            }
            for item in items
        ]
    }
