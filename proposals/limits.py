"""What one Blueprint may hold: how many rows of each kind, how long each text.

A Blueprint is read on one page and printed as one official document; without
bounds, one pasted novel or a script adding rows makes a draft of a thousand pages
whose PDF holds a server for minutes. The bounds live on each
:class:`~proposals.rows.RowKind` (``max_rows``, ``max_chars``) and are checked
here, by the content services (:mod:`proposals.services`) that every path adding
rows or text goes through — the forms, the Excel agency import, accepted agency
inputs and workshop ideas, the PDF/JSON importer, and restoring an old version.

- Text: a short field (``CharField``) holds at most its ``max_length`` (the
  database enforces it on PostgreSQL, not on SQLite); a long one (``TextField``)
  at most the kind's ``max_chars``.
- Rows: at most ``max_rows`` of a kind per Blueprint; for the goals, indicators and
  projects shared with the action plan, per strategic issue — the bounds of
  :mod:`strategies.limits`, which the action-plan pages and the plan's Excel import
  keep too.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from proposals.rows import RowKind
from strategies import limits as cascade_limits


def text_limit(kind: RowKind, model_field) -> int | None:
    """The most characters ``model_field`` of a ``kind`` row may hold (None: not text)."""
    if model_field.choices or not isinstance(model_field, models.CharField | models.TextField):
        return None
    if isinstance(model_field, models.CharField):
        return model_field.max_length
    return kind.max_chars


def check_text(kind: RowKind, values: dict) -> None:
    """Refuse ``values`` (by field or attribute name) holding a text over its bound.

    Raises ``ValidationError`` keyed by field, with a message naming the field, so a
    form shows it under the field and the other paths can show it as a sentence.
    """
    errors = {}
    for name, value in values.items():
        if not isinstance(value, str):
            continue
        try:
            model_field = kind.model._meta.get_field(name)
        except Exception:
            continue
        limit = text_limit(kind, model_field)
        if limit is not None and len(value) > limit:
            errors[model_field.name] = _(
                "“%(field)s” is too long: at most %(max)s characters (this one has %(count)s)."
            ) % {
                "field": model_field.verbose_name,
                "max": f"{limit:,}",
                "count": f"{len(value):,}",
            }
    if errors:
        raise ValidationError(errors)


def rows_of(kind: RowKind, blueprint):
    """The rows of ``kind`` that count toward ``blueprint``'s bound."""
    if kind.cascade:
        return cascade_limits.rows_of(kind.model, blueprint.issue_id)
    return kind.model.objects.filter(blueprint=blueprint)


def _too_many(kind: RowKind) -> ValidationError:
    return ValidationError(
        _(
            "A Blueprint holds at most %(max)s rows of “%(kind)s”. "
            "Merge or remove some before adding more."
        )
        % {"max": f"{kind.max_rows:,}", "kind": kind.model._meta.verbose_name_plural}
    )


def check_room(kind: RowKind, blueprint, *, adding: int = 1) -> None:
    """Refuse adding ``adding`` rows of ``kind`` when the bound would be passed."""
    if kind.single:
        return
    if rows_of(kind, blueprint).count() + adding > kind.max_rows:
        raise _too_many(kind)


def check_rows(kind: RowKind, blueprint) -> None:
    """Refuse a state in which ``blueprint`` holds more rows of ``kind`` than allowed
    (after a restore, which adds and removes rows in one go)."""
    check_room(kind, blueprint, adding=0)
