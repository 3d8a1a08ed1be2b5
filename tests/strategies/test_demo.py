"""`load_demo`: the Chumphon demo from the seed, idempotent, refused on production settings."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from strategies.models import ActionPlan, Organisation, PolicyHeading, Project, StrategicIssue

pytestmark = pytest.mark.django_db
USERS = ["chumphon.strategy", "chumphon.agriculture", "suratthani.strategy", "opdc.reviewer"]


def counts():
    return [
        model.objects.count()
        for model in (Organisation, PolicyHeading, ActionPlan, StrategicIssue, Project)
    ] + [get_user_model().objects.count()]


def test_load_demo_is_idempotent_and_complete(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    first = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == first

    assert PolicyHeading.objects.count() == 9
    chumphon = Organisation.objects.get(code="chumphon")
    issue = StrategicIssue.objects.get(plan__organisation=chumphon, number=1)
    assert issue.title == "การพัฒนาเศรษฐกิจและการแก้ไขปัญหาความยากจน"
    codes = set(Organisation.objects.filter(province=chumphon).values_list("code", flat=True))
    for agency in ("agriculture", "commerce", "tourism", "community-development", "labour"):
        assert f"chumphon-{agency}" in codes
    users = get_user_model().objects.filter(username__in=USERS + ["admin"])
    assert users.count() == 5
    assert all(user.check_password("blueprint2548") for user in users)
    assert get_user_model().objects.get(username="admin").is_superuser


def test_load_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG is off"):
        call_command("load_demo", verbosity=0)
    assert not Organisation.objects.exists()
    call_command("load_demo", "--force", verbosity=0)
    assert Organisation.objects.filter(code="chumphon").exists()
