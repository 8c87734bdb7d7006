"""The applicant requirements of a call, checked against an organisation's record.

Each requirement answers met / not met with the reason in the user's language, so the ETS
portal can say why a call is not open to an organisation and the submission service can
refuse it with the same words.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from trama.calls.models import Call
from trama.organizations.models import Organization


@dataclass(frozen=True)
class RequirementResult:
    label: str
    met: bool
    reason: str = ""


def check_requirements(call: Call, organization: Organization) -> list[RequirementResult]:
    """One result per requirement of `call`. Prefetch `required_sectors` on the call and
    `sectors`, `municipalities_served` and `municipality` on the organisation when checking
    many pairs: this function then runs no query."""
    results: list[RequirementResult] = []
    if call.requires_runts:
        registered = organization.runts_section_id is not None and bool(organization.runts_number)
        results.append(
            RequirementResult(
                _("Registered in the RUNTS"),
                registered,
                "" if registered else _("The organisation's record has no RUNTS registration."),
            )
        )
    required = {sector.pk: sector for sector in call.required_sectors.all()}
    if required:
        held = {sector.pk for sector in organization.sectors.all()}
        matches = held & set(required)
        wanted = ", ".join(sorted(sector.code for sector in required.values()))
        results.append(
            RequirementResult(
                _("Active in one of the sectors %(codes)s (CTS art. 5)") % {"codes": wanted},
                bool(matches),
                ""
                if matches
                else _("The organisation's record lists none of the sectors %(codes)s.")
                % {"codes": wanted},
            )
        )
    if call.requires_local_presence:
        seat_here = (
            organization.municipality is not None and organization.municipality.in_consortium
        )
        active_here = any(m.in_consortium for m in organization.municipalities_served.all())
        present = seat_here or active_here
        results.append(
            RequirementResult(
                _("Seat or activity in the consortium's municipalities"),
                present,
                ""
                if present
                else _(
                    "The organisation's record has neither its seat nor an activity in the "
                    "consortium's municipalities."
                ),
            )
        )
    return results


def is_eligible(call: Call, organization: Organization) -> bool:
    return all(result.met for result in check_requirements(call, organization))
