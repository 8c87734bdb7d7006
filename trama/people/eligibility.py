"""Projects' access rules applied to people: one person explained, the outreach list.

The engine (`trama.eligibility`) decides; this module feeds it the facts (`people.facts`),
reads the rules each project keeps (`projects.selectors`) and turns the engine's codes into
translated sentences (`explain_lines`, also used by the public self-check).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trama.accounts.models import User
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.eligibility.explain import Outcome, Verdict, evaluate
from trama.eligibility.rules import ResidentIn, Rule
from trama.people import facts, selectors
from trama.people.capabilities import LIST_OUTREACH
from trama.people.models import OpenPurpose, Person
from trama.projects.models import Project, ProjectEligibility
from trama.territory.models import Municipality

VERDICT_LABELS = {
    Verdict.MET: gettext_lazy("met"),
    Verdict.NOT_MET: gettext_lazy("not met"),
    Verdict.UNKNOWN: gettext_lazy("to be checked"),
}
VERDICT_CLASSES = {
    Verdict.MET: "bg-success",
    Verdict.NOT_MET: "bg-danger",
    Verdict.UNKNOWN: "bg-warning",
}
MISSING_LABELS = {
    "birth_date": gettext_lazy("birth date"),
    "residence_istat": gettext_lazy("municipality of residence"),
    "isee": gettext_lazy("a valid ISEE of the household"),
    "lives_alone": gettext_lazy("whether they live alone"),
    "family_network": gettext_lazy("family network"),
    "atc_tenant": gettext_lazy("the household's housing"),
    "in_charge_uvg": gettext_lazy("whether in charge of the UVG"),
    "household_has_minors": gettext_lazy("the household, with its members' birth dates"),
}


@dataclass(frozen=True)
class Line:
    """One node of an explanation, ready for a template."""

    verdict: Verdict
    text: str
    detail: str = ""
    missing: tuple[str, ...] = ()
    children: tuple[Line, ...] = ()

    @property
    def verdict_label(self) -> str:
        return str(VERDICT_LABELS[self.verdict])

    @property
    def verdict_class(self) -> str:
        return VERDICT_CLASSES[self.verdict]

    @property
    def missing_text(self) -> str:
        return ", ".join(str(MISSING_LABELS.get(name, name)) for name in self.missing)


@dataclass(frozen=True)
class ProjectResult:
    project: Project
    outcome: Outcome
    lines: tuple[Line, ...] = field(default=())

    @property
    def line(self) -> Line:
        return self.lines[0]


def _money(value) -> str:
    return "€ " + number_format(value, 2, use_l10n=True, force_grouping=True)


def _day(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _age_text(params: Mapping) -> str:
    low, high = params.get("min_age"), params.get("max_age")
    if low is not None and high is not None:
        return _("Age from %(min)s to %(max)s years") % {"min": low, "max": high}
    if low is not None:
        return _("Age %(min)s years or more") % {"min": low}
    return _("Age up to %(max)s years") % {"max": high}


def explain_lines(outcome: Outcome, *, municipality_names: Mapping[str, str]) -> Line:
    """The outcome tree as translated sentences."""
    code, params = outcome.code, outcome.params
    names = municipality_names
    detail = ""
    match code:
        case "all":
            text = _("All of these conditions")
        case "any":
            text = _("At least one of these conditions")
        case "age_between":
            text = _age_text(params)
            if params.get("age") is not None:
                detail = _("Age: %(age)s years") % {"age": params["age"]}
        case "resident_in":
            places = ", ".join(sorted(names.get(c, c) for c in params["istat_codes"]))
            text = _("Resident in %(places)s") % {"places": places}
            if params.get("residence_istat"):
                code_ = params["residence_istat"]
                detail = _("Resident in %(place)s") % {"place": names.get(code_, code_)}
        case "isee_at_most":
            text = _("ISEE at most %(ceiling)s") % {"ceiling": _money(params["ceiling"])}
            if outcome.reason == "expired":
                detail = _("The household's ISEE was valid until %(day)s: a new one is needed.") % {
                    "day": _day(params["isee_expires_on"])
                }
            elif outcome.reason == "expiry_unknown":
                detail = _("ISEE %(value)s, with no known expiry.") % {
                    "value": _money(params["isee_value"])
                }
            elif params.get("isee_value") is not None:
                detail = _("ISEE %(value)s, valid until %(day)s") % {
                    "value": _money(params["isee_value"]),
                    "day": _day(params["isee_expires_on"]),
                }
        case "lives_alone_or_weak_network":
            text = _("Lives alone, or has a weak or no family network")
        case "atc_tenant":
            text = _("Tenant of public housing (ATC)")
        case "not_in_charge_of_uvg":
            text = _("Not in charge of the UVG (geriatric evaluation unit)")
        case "household_with_minors":
            text = _("Household with at least one minor")
        case _:
            text = code
    children = tuple(explain_lines(c, municipality_names=names) for c in outcome.children)
    missing = outcome.missing if outcome.verdict is Verdict.UNKNOWN else ()
    return Line(outcome.verdict, text, detail, missing, children)


def municipality_names(rules: Iterable[Rule], extra: Iterable[str] = ()) -> dict[str, str]:
    """ISTAT code → name for every municipality the rules (and `extra`) name: one query."""
    codes = set(extra)

    def walk(rule) -> None:
        if isinstance(rule, ResidentIn):
            codes.update(rule.istat_codes)
        for child in getattr(rule, "rules", ()):
            walk(child)

    for rule in rules:
        walk(rule)
    if not codes:
        return {}
    return dict(Municipality.objects.filter(istat_code__in=codes).values_list("istat_code", "name"))


def project_results(
    stored: Iterable[ProjectEligibility],
    facts_of: Callable[[], object],
    *,
    on: datetime.date,
    extra_codes: Iterable[str] = (),
) -> list[ProjectResult]:
    """Each project's outcome for one set of facts, explained. `stored` has its projects."""
    pairs = [(row.project, row.as_rule()) for row in stored]
    names = municipality_names((rule for _p, rule in pairs), extra_codes)
    person_facts = facts_of()
    results = []
    for project, rule in pairs:
        outcome = evaluate(rule, person_facts, on=on)
        results.append(
            ProjectResult(project, outcome, (explain_lines(outcome, municipality_names=names),))
        )
    return results


def person_results(
    *, person: Person, stored: Iterable[ProjectEligibility], on: datetime.date
) -> list[ProjectResult]:
    """One person's result for every project with rules. `person` comes from
    `services.person_open` (the logged read), whose prefetches `facts.person_facts` reads."""
    extra = [person.municipality.istat_code] if person.municipality_id else []
    return project_results(
        stored, lambda: facts.person_facts(person, on=on), on=on, extra_codes=extra
    )


def outreach_list(
    *,
    user: User,
    project: ProjectEligibility,
    on: datetime.date,
    hub_id: int | None = None,
    exclude_reached: QuerySet | None = None,
) -> QuerySet[Person]:
    """The people `user` follows who meet the project's rules on `on`, selected in the
    database (one query), minus the people already reached.

    `exclude_reached` is a subquery of the ids of the people already reached for the project:
    casework passes it (`casework.selectors.reached_person_ids`), so that people stays
    unaware of referrals and listening sessions."""
    LIST_OUTREACH.require(user)
    people = selectors.person_list(user=user).filter(anonymized_at__isnull=True)
    if hub_id:
        people = people.filter(reference_hub_id=hub_id)
    eligible = facts.eligible(people, project.as_rule(), on=on)
    if exclude_reached is not None:
        eligible = eligible.exclude(pk__in=exclude_reached)
    return eligible.select_related("municipality", "reference_hub").order_by("search_name", "id")


@transaction.atomic
def outreach_page_read(
    *, actor: User, project: ProjectEligibility, people: Iterable[Person]
) -> None:
    """Showing a page of the outreach list reads those people: logged with its purpose, by
    number only (like `services.person_open`)."""
    access_log_append(
        actor=actor,
        action=Action.READ,
        object_type=Person._meta.label_lower,
        object_repr=f"outreach list of project #{project.project_id}",
        purpose=f"{OpenPurpose.ELIGIBILITY}: outreach",
        details={"project": project.project_id, "people": [p.pk for p in people]},
    )
