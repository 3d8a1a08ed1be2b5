"""Every model form of the app checks posted primary keys before they reach the database.

A model choice field passes what was posted to a query: a number beyond 64 bits then
overflows SQLite (a server error) where the person should read "select a valid choice".
``strategies.fields.SafeModelForm`` gives each form's foreign keys and M2Ms the safe fields
(through ``Meta.formfield_callback``: a class attribute of the form is not inherited by a
subclass with its own ``Meta`` — which is how every form had lost them)."""

import importlib
import pkgutil

import pytest
from django import forms
from django.urls import reverse

import proposals
import strategies
from strategies.fields import SafeModelChoiceField, SafeModelMultipleChoiceField

pytestmark = pytest.mark.django_db

TOO_BIG = str(2**63)  # one more than the largest 64-bit primary key


def _model_forms():
    for package in (strategies, proposals):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if info.name.rsplit(".", 1)[-1] in {"forms", "views", "admin"}:
                importlib.import_module(info.name)
    found, todo = [], [forms.ModelForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in {"strategies", "proposals"} and cls._meta.model:
            found.append(cls)
    return found


def test_the_app_has_model_forms_to_check():
    names = {cls.__name__ for cls in _model_forms()}
    assert {"StrategicIssueForm", "ProjectForm", "RiskForm", "ParticipantForm"} <= names


@pytest.mark.parametrize("form_class", _model_forms(), ids=lambda cls: cls.__qualname__)
def test_every_choice_of_a_row_is_a_safe_field(form_class):
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.ModelMultipleChoiceField):
            assert isinstance(field, SafeModelMultipleChoiceField), name
        elif isinstance(field, forms.ModelChoiceField):
            assert isinstance(field, SafeModelChoiceField), name


def test_a_key_beyond_64_bits_is_a_form_error_not_a_server_error(world, chain, client_for):
    """What hypothesis found on the issue form (national strategies) and the project form
    (supporting agencies)."""
    client = client_for(world.editor)
    url = reverse("strategies:issue_create", args=[chain["issue"].plan_id])
    response = client.post(
        url, {"number": "9", "title": "ประเด็นใหม่", "national_strategies": TOO_BIG}
    )
    assert response.status_code == 200
    assert "national_strategies" in response.context["form"].errors
    assert "ประเด็นใหม่" in response.content.decode()  # the form keeps what was typed
