"""Views of the planning cascade. Thin: check access, call a service, render."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, ProtectedError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from strategies import access, cascade, forms, services
from strategies.models import (
    ActionPlan,
    AdministrationPlan,
    Goal,
    Indicator,
    NationalStrategy,
    PolicyHeading,
    PolicyStatement,
    Project,
    StrategicIssue,
    Strategy,
)

# --------------------------------------------------------------------------
# National level (reference data: every signed-in person may read it)
# --------------------------------------------------------------------------


@login_required
@require_GET
def policy_list(request):
    statements = PolicyStatement.objects.prefetch_related("headings")
    plans = AdministrationPlan.objects.prefetch_related("strategies__policy_headings")
    return render(
        request, "strategies/policy_list.html", {"statements": statements, "admin_plans": plans}
    )


@login_required
@require_GET
def policy_detail(request, pk):
    statement = get_object_or_404(PolicyStatement, pk=pk)
    headings = statement.headings.prefetch_related("national_strategies")
    return render(
        request, "strategies/policy_detail.html", {"statement": statement, "headings": headings}
    )


@login_required
@require_GET
def heading_detail(request, pk):
    heading = get_object_or_404(PolicyHeading.objects.select_related("statement"), pk=pk)
    strategies = heading.national_strategies.select_related("plan").prefetch_related(
        Prefetch(
            "provincial_issues",
            queryset=cascade.visible_issues(request.user),
        )
    )
    return render(
        request,
        "strategies/heading_detail.html",
        {"heading": heading, "national_strategies": strategies},
    )


@login_required
@require_GET
def adminplan_detail(request, pk):
    plan = get_object_or_404(
        AdministrationPlan.objects.select_related("statement").prefetch_related(
            "strategies__policy_headings", "strategies__goals__indicators"
        ),
        pk=pk,
    )
    return render(request, "strategies/adminplan_detail.html", {"admin_plan": plan})


@login_required
@require_GET
def natstrategy_detail(request, pk):
    strategy = get_object_or_404(
        NationalStrategy.objects.select_related("plan").prefetch_related(
            "policy_headings", "goals__indicators"
        ),
        pk=pk,
    )
    issues = cascade.visible_issues(request.user).filter(national_strategies=strategy)
    return render(
        request,
        "strategies/natstrategy_detail.html",
        {"national_strategy": strategy, "issues": issues},
    )


# --------------------------------------------------------------------------
# Action plans
# --------------------------------------------------------------------------


@login_required
@require_GET
def plan_list(request):
    plans = (
        ActionPlan.objects.visible_to(request.user)
        .select_related("organisation", "administration_plan")
        .order_by("organisation__name", "-start_year")
    )
    scope = access.scope_for(request.user)
    return render(
        request,
        "strategies/plan_list.html",
        {"plans": plans, "can_create": bool(scope.edit) or scope.edit_all},
    )


@login_required
@require_GET
def plan_detail(request, pk):
    plan = access.plan_for(request.user, pk)
    tree = cascade.plan_tree(plan, cascade.plan_issues(plan, request.user))
    return render(
        request,
        "strategies/plan_detail.html",
        {
            "plan": plan,
            "issues": tree,
            "can_edit": access.can_edit_plan(request.user, plan),
        },
    )


@login_required
@require_GET
def plan_cascade(request, pk):
    plan = access.plan_for(request.user, pk)
    report = cascade.find_breaks(plan, cascade.plan_issues(plan, request.user))
    return render(
        request,
        "strategies/plan_cascade.html",
        {"plan": plan, "report": report, "can_edit": access.can_edit_plan(request.user, plan)},
    )


@login_required
def plan_create(request):
    scope = access.scope_for(request.user)
    if not (scope.edit or scope.edit_all):
        # Only people who edit some province may create a plan.
        raise PermissionDenied
    form = forms.ActionPlanForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        plan = services.action_plan_create(user=request.user, **form.values())
        messages.success(request, _("The action plan was created."))
        return redirect(plan)
    return render(request, "strategies/form.html", {"form": form, "title": _("New action plan")})


@login_required
def plan_edit(request, pk):
    plan = access.plan_for(request.user, pk, edit=True)
    form = forms.ActionPlanForm(request.POST or None, instance=plan, user=request.user)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.action_plan_update(
                user=request.user,
                plan=plan,
                values=form.values(),
                version=form.cleaned_data.get("version"),
            )
        except services.StaleEdit as stale:
            conflict = _conflict(form, stale.current)
        else:
            messages.success(request, _("Saved."))
            return redirect(plan)
    return render(
        request,
        "strategies/form.html",
        {
            "form": form,
            "title": _("Edit action plan"),
            "plan": plan,
            "cancel_url": plan.get_absolute_url(),
            "conflict": conflict,
        },
    )


# --------------------------------------------------------------------------
# Elements of a plan: one generic create/edit/delete flow per element kind
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class ElementKind:
    """One kind of element of a plan, and what differs between kinds on its pages."""

    key: str
    model: type
    form: type
    context: Callable  # (element, user) -> the page's chain up and children down

    @property
    def parent_field(self) -> str:
        """The element it hangs from ("plan", "issue", …), as the services know it."""
        return services.PARENT_FIELD[self.model]

    @property
    def parent_model(self):
        return self.model._meta.get_field(self.parent_field).related_model

    @property
    def verbose_name(self):
        return self.model._meta.verbose_name

    def get_or_404(self, pk):
        """The element with its path up to the plan (for access, without more queries)."""
        queryset = self.model.objects.select_related(*cascade.PLAN_PATH[self.key])
        return get_object_or_404(queryset, pk=pk)

    def parent_of(self, element):
        return getattr(element, self.parent_field)


ELEMENTS = {
    kind.key: kind
    for kind in [
        ElementKind("issue", StrategicIssue, forms.StrategicIssueForm, cascade.issue_context),
        ElementKind("goal", Goal, forms.GoalForm, cascade.goal_context),
        ElementKind("indicator", Indicator, forms.IndicatorForm, cascade.indicator_context),
        ElementKind("strategy", Strategy, forms.StrategyForm, cascade.strategy_context),
        ElementKind("project", Project, forms.ProjectForm, cascade.project_context),
    ]
}


@login_required
@require_GET
def element_detail(request, kind, pk):
    element = ELEMENTS[kind].get_or_404(pk)
    plan = cascade.plan_of(element)
    access.require_element(request.user, element)
    context = ELEMENTS[kind].context(element, request.user)
    context.update(
        {
            "kind": kind,
            "element": element,
            "plan": plan,
            "can_edit": access.can_edit_plan(request.user, plan),
        }
    )
    return render(request, f"strategies/{kind}_detail.html", context)


@login_required
def element_create(request, kind, parent_pk):
    element_kind = ELEMENTS[kind]
    parent_field = element_kind.parent_field
    if element_kind.parent_model is ActionPlan:
        parent = access.plan_for(request.user, parent_pk, edit=True)
        plan = parent
    else:
        parent = ELEMENTS[parent_field].get_or_404(parent_pk)
        plan = cascade.plan_of(parent)
        access.require_element(request.user, parent, edit=True)
    form = element_kind.form(request.POST or None, plan=plan, parent=parent)
    if request.method == "POST" and form.is_valid():
        try:
            element = services.element_create(
                user=request.user,
                model=element_kind.model,
                parent=parent,
                values=form.values(),
                **form.extras(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(element)
    return render(
        request,
        "strategies/form.html",
        {
            "form": form,
            "title": _("New %(kind)s") % {"kind": element_kind.verbose_name},
            "plan": plan,
            "cancel_url": parent.get_absolute_url(),
        },
    )


@login_required
def element_edit(request, kind, pk):
    element_kind = ELEMENTS[kind]
    element = element_kind.get_or_404(pk)
    plan = cascade.plan_of(element)
    access.require_element(request.user, element, edit=True)
    form = element_kind.form(request.POST or None, instance=element, plan=plan)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.element_update(
                user=request.user,
                element=element,
                values=form.values(),
                version=form.cleaned_data.get("version"),
                **form.extras(),
            )
        except services.StaleEdit as stale:
            conflict = _conflict(form, stale.current)
        except ValidationError as error:  # e.g. an approved plan's target (its guard)
            form.add_error(None, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(element)
    return render(
        request,
        "strategies/form.html",
        {
            "form": form,
            "title": _("Edit %(kind)s") % {"kind": element_kind.verbose_name},
            "plan": plan,
            "cancel_url": element.get_absolute_url(),
            "conflict": conflict,
        },
    )


def _conflict(form, current):
    """Someone saved first: keep what this person typed, show theirs beside it.

    The form is re-armed with the current version, so saving again after
    merging is a deliberate choice, never a silent overwrite.
    """
    rows = []
    for name in form.Meta.fields:
        field = form.fields.get(name)
        if field is None:
            continue
        theirs = getattr(current, name, None)
        if hasattr(theirs, "all"):
            theirs = ", ".join(str(item) for item in theirs.all())
        mine = form.cleaned_data.get(name)
        if hasattr(mine, "__iter__") and not isinstance(mine, str):
            mine = ", ".join(str(item) for item in mine)
        if str(mine or "") != str(theirs or ""):
            rows.append({"label": field.label, "mine": mine, "theirs": theirs})
    form.data = form.data.copy()
    form.data["version"] = current.version
    form.add_error(
        None,
        _(
            "Someone else saved this while you were editing. Your text is kept below; "
            "compare it with the saved version, merge, and save again."
        ),
    )
    return {"rows": rows, "current": current}


@login_required
def element_delete(request, kind, pk):
    element_kind = ELEMENTS[kind]
    element = element_kind.get_or_404(pk)
    plan = cascade.plan_of(element)
    access.require_element(request.user, element, edit=True)
    context = {"element": element, "kind_label": element_kind.verbose_name, "plan": plan}
    if request.method == "POST":
        parent_url = element_kind.parent_of(element).get_absolute_url()
        try:
            services.element_delete(user=request.user, element=element)
        except ProtectedError as error:
            # Rows that stand on it (e.g. what a Blueprint holds) refuse the deletion:
            # say which, delete nothing. Django's generic error: this app names no other.
            context["blocked_by"] = sorted(
                {f"{obj._meta.verbose_name}: {obj}" for obj in error.protected_objects}
            )
            return render(request, "strategies/confirm_delete.html", context, status=409)
        messages.success(request, _("Deleted."))
        return redirect(parent_url)
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(request, "strategies/confirm_delete.html", context)
