"""Access rules of a project: stored as data, edited by the coordinator in a form."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from trama.audit.models import AccessLogEntry
from trama.eligibility import rules
from trama.projects import services
from trama.projects.forms import RULE_MESSAGES, EligibilityForm
from trama.projects.models import ProjectEligibility
from trama.projects.tests.factories import ProjectFactory
from trama.territory.tests.factories import municipality

pytestmark = pytest.mark.django_db


def _form(**data) -> EligibilityForm:
    return EligibilityForm({"combinator": "all", **data})


def test_the_form_builds_the_rule_with_the_engine():
    collegno = municipality("Collegno")
    form = _form(
        combinator="any",
        min_age="65",
        municipalities=[collegno.istat_code],
        isee_ceiling="9360.50",
        lives_alone_or_weak_network="on",
        not_in_charge_of_uvg="on",
    )
    assert form.is_valid(), form.errors
    assert form.rule == rules.Any(
        (
            rules.AgeBetween(min_age=65),
            rules.ResidentIn(frozenset({collegno.istat_code})),
            rules.IseeAtMost(Decimal("9360.50")),
            rules.LivesAloneOrWeakNetwork(),
            rules.NotInChargeOfUvg(),
        )
    )
    # …and a stored rule fills the form back the same way.
    again = EligibilityForm(
        {
            key: value
            for key, value in EligibilityForm.initial_for(form.rule).items()
            if value is not None
        }
        | {"municipalities": [collegno.istat_code], "isee_ceiling": "9360.50"}
    )
    assert again.is_valid() and again.rule == form.rule


def test_inverted_age_bounds_are_refused_in_italian_on_the_maximum_age():
    form = _form(min_age="70", max_age="60")
    assert not form.is_valid()
    assert form.errors["max_age"] == ["L'età minima è superiore all'età massima."]
    assert "min_age" not in form.errors and form.rule is None


def test_each_bound_error_lands_on_its_own_field():
    form = _form(min_age="-1", max_age="200")
    assert not form.is_valid()
    assert form.errors["min_age"] == ["Un'età non può essere negativa."]
    assert form.errors["max_age"] == ["Un'età non può superare i 130 anni."]


def test_no_condition_means_no_rules():
    form = _form()
    assert form.is_valid() and form.rule is None


def test_every_engine_message_has_an_italian_translation():
    source = Path(rules.__file__).read_text(encoding="utf-8")
    engine = set(re.findall(r'gettext_noop\(\s*"([^"]+)"', source))
    assert engine and engine <= set(RULE_MESSAGES)
    with translation.override("it"):
        untranslated = [m for m in RULE_MESSAGES if translation.gettext(m) == m]
    assert untranslated == []


def test_the_service_stores_replaces_and_removes_the_rule_audited(world):
    project = ProjectFactory()
    coordinator = world.users.coordinator
    before = AccessLogEntry.objects.count()
    rule = rules.All((rules.AgeBetween(min_age=18, max_age=64), rules.AtcTenant()))
    services.project_eligibility_set(actor=coordinator, project=project, rule=rule)
    stored = ProjectEligibility.objects.get(project=project)
    assert stored.as_rule() == rule
    services.project_eligibility_set(actor=coordinator, project=project, rule=rules.AtcTenant())
    assert ProjectEligibility.objects.get(project=project).as_rule() == rules.AtcTenant()
    services.project_eligibility_set(actor=coordinator, project=project, rule=None)
    assert not ProjectEligibility.objects.filter(project=project).exists()
    entries = list(AccessLogEntry.objects.order_by("id")[before:])
    assert [e.action for e in entries] == ["create", "update", "delete"]
    assert entries[0].details["eligibility"]["kind"] == "all"


def test_only_editors_set_rules(world):
    project = ProjectFactory()
    with pytest.raises(PermissionDenied):
        services.project_eligibility_set(
            actor=world.users.operator, project=project, rule=rules.AtcTenant()
        )
    assert not ProjectEligibility.objects.exists()


def test_the_page_saves_and_shows_errors_without_writing(login):
    project = ProjectFactory()
    client = login("coordinator")
    url = reverse("projects:eligibility", args=[project.pk])
    page = client.get(url).content.decode()
    assert "Regole di accesso" in page
    response = client.post(url, {"combinator": "all", "min_age": "70", "max_age": "60"})
    assert response.status_code == 200
    assert "L&#x27;età minima è superiore all&#x27;età massima." in response.content.decode()
    assert not ProjectEligibility.objects.exists()
    response = client.post(url, {"combinator": "all", "min_age": "65", "atc_tenant": "on"})
    assert response.status_code == 302
    assert ProjectEligibility.objects.get(project=project).as_rule() == rules.All(
        (rules.AgeBetween(min_age=65), rules.AtcTenant())
    )
    page = client.get(url).content.decode()
    assert 'value="65"' in page


def test_rules_the_form_cannot_show_whole_are_flagged(login):
    nested = rules.Any(
        (rules.All((rules.AgeBetween(min_age=65), rules.AtcTenant())), rules.HouseholdWithMinors())
    )
    assert not EligibilityForm.can_show(nested)
    assert EligibilityForm.can_show(rules.All((rules.AgeBetween(max_age=17), rules.AtcTenant())))
    project = ProjectFactory()
    ProjectEligibility.objects.create(project=project, rule=rules.rule_to_dict(nested))
    page = login("coordinator").get(reverse("projects:eligibility", args=[project.pk]))
    assert "non può mostrare" in page.content.decode()
