"""Every change made in the Django admin goes to the project's audit log.

:class:`AuditedAdmin` writes an :class:`~strategies.models.AuditEvent` wherever the
admin writes its own ``LogEntry`` — an object added, changed (its form, its inlines, a
list edit, a password set) or deleted (one, or many by the bulk action) — in the same
transaction as the change, and for every other action run from a list. A change records
which fields moved, from what to what (each value cut short; passwords never); a
deletion records what the object was and how many rows went with it.

:func:`audit_every_admin` puts the mixin under every ``ModelAdmin`` registered that does
not have it yet (Django's own, django-axes', the task queue's), so nothing registered
anywhere escapes it.
"""

from __future__ import annotations

import functools

from django.contrib import admin
from django.db import router
from django.db.models.deletion import Collector

from strategies.audit import audit_record
from strategies.models import AuditAction

VALUE_LIMIT = 200  # characters kept of each value before and after
ACTION_IDS = 1000  # ids kept of the rows an admin action was run on
SECRET_FIELDS = {"password"}


def _values(obj) -> dict:
    """The stored values of ``obj``'s own columns, as short text."""
    found = {}
    for field in obj._meta.concrete_fields:
        value = getattr(obj, field.attname)
        found[field.attname] = None if value is None else str(value)[:VALUE_LIMIT]
    return found


def _changes(before: dict | None, after: dict) -> dict:
    if before is None:
        return {}
    changed = {}
    for name, value in after.items():
        if before.get(name) != value:
            changed[name] = "…" if name in SECRET_FIELDS else [before.get(name), value]
    return changed


class AuditedAdmin(admin.ModelAdmin):
    """A ``ModelAdmin`` whose additions, changes and deletions are in the audit log."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj._audit_before = _values(obj)  # as stored, before the form changes it
        return obj

    def save_model(self, request, obj, form, change):
        if change and not hasattr(obj, "_audit_before"):  # a list edit: read what it was
            stored = type(obj)._base_manager.filter(pk=obj.pk).first()
            obj._audit_before = _values(stored) if stored is not None else None
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        """Each inline row added, changed or deleted, with its own audit event."""
        doomed = [f.instance for f in formset.deleted_forms if f.instance.pk is not None]
        gone = [(obj, obj.pk, _after(obj)) for obj in doomed]
        changed = {
            f.instance.pk: {
                name: [_short(f.initial.get(name)), _short(f.cleaned_data.get(name))]
                for name in f.changed_data
            }
            for f in formset.initial_forms
            if f.instance.pk is not None and f not in formset.deleted_forms
        }
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            self._audit(request, obj, AuditAction.ADMIN_ADDED, values=_after(obj), inline=True)
        for obj, _fields in formset.changed_objects:
            self._audit(
                request,
                obj,
                AuditAction.ADMIN_CHANGED,
                changes=changed.get(obj.pk, {}),
                inline=True,
            )
        for obj, pk, values in gone:
            obj.pk = pk  # cleared by the deletion; the event names the row that was
            self._audit(request, obj, AuditAction.ADMIN_DELETED, values=values, inline=True)

    def get_actions(self, request):
        """The list's actions, each run recorded (the bulk deletion records each row)."""
        actions = super().get_actions(request)
        for name, (func, action_name, description) in list(actions.items()):
            if name != "delete_selected":
                actions[name] = (_audited_action(func, name), action_name, description)
        return actions

    def _audit(self, request, obj, action, **details):
        audit_record(
            actor=request.user,
            action=action,
            target=obj,
            details={"admin": obj._meta.label_lower, **details},
            request=request,
        )

    def log_addition(self, request, obj, message):
        entry = super().log_addition(request, obj, message)
        self._audit(request, obj, AuditAction.ADMIN_ADDED, values=_after(obj), message=message)
        return entry

    def log_change(self, request, obj, message):
        entry = super().log_change(request, obj, message)
        changes = _changes(getattr(obj, "_audit_before", None), _values(obj))
        self._audit(request, obj, AuditAction.ADMIN_CHANGED, changes=changes, message=message)
        obj._audit_before = _values(obj)  # a second save in the same request starts here
        return entry

    def log_deletions(self, request, queryset):
        entries = super().log_deletions(request, queryset)
        for obj in queryset:
            self._audit(
                request,
                obj,
                AuditAction.ADMIN_DELETED,
                values=_after(obj),
                also_deleted=_cascade(obj),
            )
        return entries


def _audited_action(func, name):
    @functools.wraps(func)
    def run(modeladmin, request, queryset):
        ids = [str(pk) for pk in queryset.values_list("pk", flat=True)[:ACTION_IDS]]
        result = func(modeladmin, request, queryset)
        audit_record(
            actor=request.user,
            action=AuditAction.ADMIN_CHANGED,
            details={"admin": queryset.model._meta.label_lower, "admin_action": name, "ids": ids},
            request=request,
        )
        return result

    return run


def _cascade(obj) -> dict:
    """How many rows of each kind go with ``obj`` (deleted by cascade), by model label."""
    collector = Collector(using=router.db_for_write(type(obj)))
    collector.collect([obj])
    counts = {}
    for model, instances in collector.data.items():
        counts[model._meta.label_lower] = counts.get(model._meta.label_lower, 0) + len(instances)
    for queryset in collector.fast_deletes:
        label = queryset.model._meta.label_lower
        counts[label] = counts.get(label, 0) + queryset.count()
    counts[obj._meta.label_lower] -= 1  # the object itself
    return {label: count for label, count in sorted(counts.items()) if count}


def _short(value):
    return None if value is None else str(value)[:VALUE_LIMIT]


def _after(obj) -> dict:
    values = _values(obj)
    for name in SECRET_FIELDS & values.keys():
        values[name] = "…"
    return values


def audit_every_admin(site=None) -> None:
    """Give every ``ModelAdmin`` registered on ``site`` the audit (call once all are)."""
    site = site or admin.site
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, AuditedAdmin):
            continue
        base = type(model_admin)
        audited = type(f"Audited{base.__name__}", (AuditedAdmin, base), {})
        site.unregister(model)
        site.register(model, audited)
