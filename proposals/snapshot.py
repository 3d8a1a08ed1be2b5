"""The frozen form of a submitted Blueprint: a JSON document with a stable schema.

On submission the whole Blueprint — header, alignment with the national plan,
goals/indicators/targets and projects/budgets taken from the action plan, and
every section — is written into one :class:`~proposals.models.Snapshot` row. The
snapshot never changes afterwards; the submission PDF renders from it and the
OPDC export emits it as JSON.

Schema version 1 (``schema_version: 1``). Conventions: keys are English
snake_case; years are Buddhist Era fiscal years (integers); dates are ISO 8601
Common Era strings (``"2005-03-23"``), date-times ISO 8601 with time zone; money
and measured values are decimal strings (``"1500000.00"``) so no precision is
lost; coded values carry both ``code`` and a Thai ``label`` (labels are written in
Thai whatever the submitter's language); an organisation is
``{"id", "code", "name", "name_en"}`` or ``null``; free text keeps its line breaks
(``\\n``), is stored unescaped and must be escaped by whoever renders it; lists
are in document order.

.. code-block:: text

    {
      "schema_version": 1,
      "blueprint": {
        "id", "title", "edition", "status": {code, label}, "fiscal_year",
        "province": org, "cluster": org|null, "cluster_reference", "cluster_url",
        "approver": {"name", "position", "approved_on": date|null},
        "submitted_at": datetime, "submitted_by": {"username", "full_name", "position"},
        "approved_edition_sha256",
        "created_at": datetime
      },
      "plan": {"id", "title", "start_year", "end_year", "years": [int],
               "vision", "missions": [str], "organisation": org,
               "administration_plan": {"id", "title", "start_year", "end_year"}},
      "issue": {"id", "number", "title", "description"},
      "alignment": {"national_strategies": [
          {"id", "number", "title", "plan_title",
           "policy_headings": [{"number", "title"}]}]},
      "sections": [{"key", "label", "assignee": org|null, "due_date": date|null,
                    "status": {code, label}}],
      "goals": [{"id", "number", "title", "perspective": {code, label},
                 "indicators": [{"id", "number", "name", "unit", "formula",
                   "data_source", "baseline": decimal|null, "baseline_year",
                   "weight": decimal|null, "owner": org|null,
                   "targets": [{"fiscal_year", "value": decimal}]}]}],
      "diagnosis": {"current_situation", "desired_state", "gap", "root_causes",
                    "swot": {"strengths", "weaknesses", "opportunities", "threats"}},
      "change_proposals": [{"id", "position", "category": {code, label}, "title",
          "gap", "expected_result",
          "indicator": {"id", "number", "goal_number", "name"}|null,
          "responsible_agency": org|null, "start_year", "end_year"}],
      "readiness": [{"id", "position", "capital": {code, label}, "requirement",
                     "current_level", "gap", "action"}],
      "action_plan": {"projects": [{"id", "strategy": {"id", "number", "title"},
          "number", "title", "objective", "lead_agency": org|null,
          "supporting_agencies": [org],
          "budgets": [{"fiscal_year", "source": {code, label}, "amount": decimal}],
          "budget_total": decimal,
          "activities": [{"id", "position", "title", "start_date", "end_date",
                          "responsible_agency": org|null}],
          "milestones": [{"id", "position", "title", "due_date",
                          "indicator": "goal.indicator" or "", "value": decimal|null}]}],
          "budget_total": decimal},
      "risks": [{"id", "position", "description", "likelihood": {code, label},
                 "impact": {code, label}, "mitigation", "owner": org|null}],
      "success_factors": [{"id", "position", "text"}],
      "participants": [{"organisation": org, "role": {code, label},
                        "contact": {"name", "position"}|null}],
      "workshops": [{"id", "title", "starts_at": datetime, "ends_at": datetime|null,
          "held_on": date, "venue", "place" (= venue), "agenda", "minutes",
          "attendance": [{"organisation": org (an organisation outside the
                            government has "id": null and "code": ""),
                          "attended", "excused", "absent", "count" (= attended)}],
          "attendance_total" (people who attended), "organisations_attended",
          "ideas_count",
          "points": [{"id", "kind": {code, label} (idea|comment),
                      "section": {"key", "label"}|null, "text",
                      "outcome": {"code" (change|risk|removed|open), "label",
                                  "row": {"kind", "id", "title"}|null}|null}]}],
      "agency_inputs": [{"id", "agency": org, "section": {"key", "label"},
          "status": {code, label} (submitted|accepted|returned),
          "submitted_at": datetime|null, "decided_at": datetime|null,
          "items_count", "note", "return_reason"}],
      "answers_to_review": [{"note_id", "edition", "section": {code, label}, "note",
                             "answer", "where": {code, label}}],
      "attachments": [{"id", "kind": {code, label}, "title", "filename",
          "content_type", "size" (bytes), "sha256", "workshop": {"id", "title"}|null}]
    }

``participants`` and ``workshops`` (the participation record) were added within
version 1: a snapshot taken before has neither key, and readers treat a missing key
as "no record"; ``agency_inputs``, the workshops' ``points`` and
``organisations_attended`` came later still, under the same rule. Workshops are in the
order they were held. Of people, OPDC sees counts per organisation and a participating
agency's contact (name and position) only when that person agreed
(:mod:`proposals.participation.privacy`); snapshots taken before carried the contact's
telephone and e-mail too.

``answers_to_review`` (added within version 1; missing in older snapshots, read as
none): for a version submitted again after OPDC returned the previous one, the
province's answer to each of OPDC's review comments on that version, in the order they
were written — ``[{"note_id", "edition" (the version commented on), "section": {code,
label} (what the comment is about; "general" = the whole Blueprint), "note" (OPDC's
text), "answer" (what was changed), "where": {code, label} (the section changed)}]``.

``attachments`` (added within version 1, read as none when missing): the files as they
were at submission (their bytes stay in ``proposals.Attachment`` and can no longer change
or go).

``approved_edition_sha256`` (added within version 1) is the SHA-256 of the approved
edition this submission sends (:mod:`proposals.edition`): the snapshot without
``status``, ``submitted_at``, ``submitted_by`` and this key, serialised canonically.
Submissions made before approved editions were kept have no such key.

A change to this shape that readers must know about raises ``SCHEMA_VERSION``;
readers check it first.
"""

from decimal import Decimal

from django.utils import timezone, translation

from proposals import contributions

SCHEMA_VERSION = 1


def _org(org):
    if org is None:
        return None
    return {"id": org.pk, "code": org.code, "name": org.name, "name_en": org.name_en}


def _coded(obj, name):
    return {"code": getattr(obj, name), "label": str(getattr(obj, f"get_{name}_display")())}


# The fields a snapshot keeps as {"code", "label"}: the model field that gives their choices.
CODED_FIELDS = {
    "source": ("strategies.ProjectBudget", "source"),
    "perspective": ("strategies.Goal", "perspective"),
    "category": ("proposals.ChangeProposal", "category"),
    "capital": ("proposals.ReadinessItem", "capital"),
    "likelihood": ("proposals.Risk", "likelihood"),
    "impact": ("proposals.Risk", "impact"),
    "status": ("proposals.Blueprint", "status"),
}


def coded_label(value, field: str) -> str:
    """The label of a snapshot's ``{"code", "label"}`` in the reader's language.

    A snapshot keeps the label as it was when submitted (Thai); the code is looked up in the
    field's choices now, so an English reader reads English. A code that no longer exists
    falls back to the stored label."""
    if not isinstance(value, dict):
        return str(value or "")
    from django.apps import apps

    model, name = CODED_FIELDS[field]
    choices = dict(apps.get_model(model)._meta.get_field(name).choices)
    label = choices.get(value.get("code"))
    return str(label) if label is not None else value.get("label", "")


def _dec(value):
    return None if value is None else str(value)


def _date(value):
    return None if value is None else value.isoformat()


def _datetime(value):
    return None if value is None else timezone.localtime(value).isoformat()


def position_in(user, province_id) -> str:
    """The position ``user`` holds in the province (as the submission is signed), or ""."""
    memberships = getattr(user, "memberships", None)  # a draft's stand-in has none
    membership = (
        memberships.filter(organisation_id=province_id).exclude(position="").first()
        if memberships is not None
        else None
    )
    return membership.position if membership else ""


def build(document, *, submitted_by, submitted_at) -> dict:
    """The snapshot of a loaded Blueprint (see the module docstring for the schema).

    ``submitted_by=None`` (an approved edition, a draft) leaves the submitter empty."""
    with translation.override("th"):
        return _build(document, submitted_by, submitted_at)


def thai_coded(obj, name) -> dict:
    """``{"code", "label"}`` of a coded field, the label in Thai as in every snapshot."""
    with translation.override("th"):
        return _coded(obj, name)


def _build(document, submitted_by, submitted_at) -> dict:
    blueprint = document.blueprint
    plan = document.plan
    issue = document.issue
    admin_plan = plan.administration_plan
    projects = []
    grand_total = Decimal(0)
    for project in document.projects:
        budgets = list(project.budgets.all())
        total = sum((budget.amount for budget in budgets), Decimal(0))
        grand_total += total
        projects.append(
            {
                "id": project.pk,
                "strategy": {
                    "id": project.strategy_id,
                    "number": project.strategy.number,
                    "title": project.strategy.title,
                },
                "number": project.number,
                "title": project.title,
                "objective": project.objective,
                "lead_agency": _org(project.lead_agency),
                "supporting_agencies": [
                    _org(org)
                    for org in sorted(project.supporting_agencies.all(), key=lambda o: o.name)
                ],
                "budgets": [
                    {
                        "fiscal_year": budget.fiscal_year,
                        "source": _coded(budget, "source"),
                        "amount": _dec(budget.amount),
                    }
                    for budget in budgets
                ],
                "budget_total": _dec(total),
                "activities": [
                    {
                        "id": activity.pk,
                        "position": activity.position,
                        "title": activity.title,
                        "start_date": _date(activity.start_date),
                        "end_date": _date(activity.end_date),
                        "responsible_agency": _org(activity.responsible_agency),
                    }
                    for activity in project.bp_activities
                ],
                "milestones": [
                    {
                        "id": milestone.pk,
                        "position": milestone.position,
                        "title": milestone.title,
                        "due_date": _date(milestone.due_date),
                        "indicator": (
                            f"{milestone.indicator.goal.number}.{milestone.indicator.number}"
                            if milestone.indicator_id
                            else ""
                        ),
                        "value": _dec(milestone.value),
                    }
                    for milestone in project.bp_milestones
                ],
            }
        )
    diagnosis = document.diagnosis
    return {
        "schema_version": SCHEMA_VERSION,
        "blueprint": {
            "id": blueprint.pk,
            "title": blueprint.title,
            "edition": blueprint.edition,
            "status": _coded(blueprint, "status"),
            "fiscal_year": blueprint.fiscal_year,
            "province": _org(blueprint.province),
            "cluster": _org(blueprint.cluster),
            "cluster_reference": blueprint.cluster_reference,
            "cluster_url": blueprint.cluster_url,
            "approver": {
                "name": blueprint.approver_name,
                "position": blueprint.approver_position,
                "approved_on": _date(blueprint.approved_on),
            },
            "submitted_at": _datetime(submitted_at),
            "submitted_by": {
                "username": submitted_by.get_username() if submitted_by else "",
                "full_name": submitted_by.get_full_name() if submitted_by else "",
                "position": position_in(submitted_by, blueprint.province_id)
                if submitted_by
                else "",
            },
            "created_at": _datetime(blueprint.created_at),
        },
        "plan": {
            "id": plan.pk,
            "title": plan.title,
            "start_year": plan.start_year,
            "end_year": plan.end_year,
            "years": plan.years,
            "vision": plan.vision,
            "missions": plan.mission_list,
            "organisation": _org(plan.organisation),
            "administration_plan": {
                "id": admin_plan.pk,
                "title": admin_plan.title,
                "start_year": admin_plan.start_year,
                "end_year": admin_plan.end_year,
            },
        },
        "issue": {
            "id": issue.pk,
            "number": issue.number,
            "title": issue.title,
            "description": issue.description,
        },
        "alignment": {
            "national_strategies": [
                {
                    "id": strategy.pk,
                    "number": strategy.number,
                    "title": strategy.title,
                    "plan_title": strategy.plan.title,
                    "policy_headings": [
                        {"number": heading.number, "title": heading.title}
                        for heading in strategy.policy_headings.all()
                    ],
                }
                for strategy in document.national_strategies
            ]
        },
        "sections": [
            {
                "key": section.key,
                "label": str(section.get_key_display()),
                "assignee": _org(section.assignee),
                "due_date": _date(section.due_date),
                "status": _coded(section, "status"),
            }
            for section in sorted(document.sections.values(), key=_section_order)
        ],
        "goals": [
            {
                "id": goal.pk,
                "number": goal.number,
                "title": goal.title,
                "perspective": _coded(goal, "perspective"),
                "indicators": [
                    {
                        "id": indicator.pk,
                        "number": indicator.number,
                        "name": indicator.name,
                        "unit": indicator.unit,
                        "formula": indicator.formula,
                        "data_source": indicator.data_source,
                        "baseline": _dec(indicator.baseline),
                        "baseline_year": indicator.baseline_year,
                        "weight": _dec(indicator.weight),
                        "owner": _org(indicator.owner),
                        "targets": [
                            {"fiscal_year": target.fiscal_year, "value": _dec(target.value)}
                            for target in indicator.targets.all()
                        ],
                    }
                    for indicator in goal.indicators.all()
                ],
            }
            for goal in document.goals
        ],
        "diagnosis": {
            "current_situation": diagnosis.current_situation,
            "desired_state": diagnosis.desired_state,
            "gap": diagnosis.gap,
            "root_causes": diagnosis.root_causes,
            "swot": {
                "strengths": diagnosis.strengths,
                "weaknesses": diagnosis.weaknesses,
                "opportunities": diagnosis.opportunities,
                "threats": diagnosis.threats,
            },
        },
        "change_proposals": [
            {
                "id": change.pk,
                "position": change.position,
                "category": _coded(change, "category"),
                "title": change.title,
                "gap": change.gap,
                "expected_result": change.expected_result,
                "indicator": (
                    {
                        "id": change.indicator.pk,
                        "number": change.indicator.number,
                        "goal_number": change.indicator.goal.number,
                        "name": change.indicator.name,
                    }
                    if change.indicator
                    else None
                ),
                "responsible_agency": _org(change.responsible_agency),
                "start_year": change.start_year,
                "end_year": change.end_year,
            }
            for change in document.change_proposals
        ],
        "readiness": [
            {
                "id": item.pk,
                "position": item.position,
                "capital": _coded(item, "capital"),
                "requirement": item.requirement,
                "current_level": item.current_level,
                "gap": item.gap,
                "action": item.action,
            }
            for item in sorted(document.readiness_items, key=_readiness_order)
        ],
        "action_plan": {"projects": projects, "budget_total": _dec(grand_total)},
        "risks": [
            {
                "id": risk.pk,
                "position": risk.position,
                "description": risk.description,
                "likelihood": _coded(risk, "likelihood"),
                "impact": _coded(risk, "impact"),
                "mitigation": risk.mitigation,
                "owner": _org(risk.owner),
            }
            for risk in document.risks
        ],
        "success_factors": [
            {"id": factor.pk, "position": factor.position, "text": factor.text}
            for factor in document.success_factors
        ],
        # What the features add (proposals.contributions), in this order: the
        # participation record (participating agencies, the workshop log), what the
        # province did about OPDC's comments on the version it returned, the files
        # attached (minutes, photos, the signed approval page) by SHA-256.
        **_feature_parts(blueprint),
    }


def _feature_parts(blueprint) -> dict:
    data = {}
    for part in contributions.snapshot_parts:
        data.update(part.build(blueprint))
    return data


def _section_order(section):
    from proposals.models import SectionKey

    return SectionKey.values.index(section.key)


def _readiness_order(item):
    from proposals.models import Capital

    return (Capital.values.index(item.capital), item.position, item.pk)
