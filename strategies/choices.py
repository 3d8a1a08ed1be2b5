"""The kinds of organisation and the roles of a person in one: below the models, so that
what decides access (:mod:`strategies.visibility`) reads them without naming a model."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    DEPARTMENT = "department", _("Department")
    PROVINCE = "province", _("Province")
    CLUSTER = "cluster", _("Provincial cluster")
    LINE_AGENCY = "line_agency", _("Line agency")
    OPDC = "opdc", _("OPDC")
    # Partners that take part in a province's plan and can own its rows: a central
    # agency's regional office (``region`` says which provinces it serves; e.g. the
    # Department of Agriculture's office that certifies GAP), local government and the
    # private sector or civil society (``province`` is the one they belong to).
    REGIONAL_OFFICE = "regional_office", _("Regional office of a central agency")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    PRIVATE = "private", _("Private sector or civil society")


class Role(models.TextChoices):
    EDITOR = "editor", _("Strategy-office editor")
    CONTRIBUTOR = "contributor", _("Line-agency contributor")
    REVIEWER = "reviewer", _("OPDC reviewer")
    VIEWER = "viewer", _("Viewer")
