"""Permission matrix of proposals and the ETS portal (pages and API).

ETS members act for the lead (their own organisation); the coordinator reads submitted
proposals and decides admissibility; a draft is invisible to the coordinator (404), another
organisation's proposal to an ETS member (404); every other role is refused (403)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.permissions import Case, once, only
from trama.calls.models import CallState, Proposal, ProposalPartner

ETS = ["ets_member"]
COORDINATOR = ["coordinator"]
BOTH = ["ets_member", "coordinator"]
PDF = b"%PDF-1.4\n%%EOF\n"


def _draft(world) -> Proposal:
    from trama.calls.tests.factories import ProposalFactory

    return once(
        world,
        "c2_draft",
        lambda: ProposalFactory(
            call=world.call_own, lead=world.org_own, created_by=world.users.ets_member
        ),
    )


def _other_draft(world) -> Proposal:
    """A draft of another ETS that names the ETS member's organisation as partner."""
    from trama.calls.tests.factories import ProposalFactory

    def make():
        proposal = ProposalFactory(call=world.call_own, lead=world.org_other)
        ProposalPartner.objects.create(proposal=proposal, organization=world.org_own, role="Aiuto")
        return proposal

    return once(world, "c2_other_draft", make)


def _submitted(world, closed: bool = False) -> Proposal:
    """A submitted proposal of the ETS member's organisation, with one attachment, on a call
    of its own (closed when the coordinator must decide admissibility)."""
    from trama.calls.services import proposal as services
    from trama.calls.services import proposal_content
    from trama.calls.tests.factories import CallFactory, ProposalFactory

    def make():
        member = world.users.ets_member
        proposal = ProposalFactory(call=CallFactory(), lead=world.org_own, created_by=member)
        proposal_content.proposal_attachment_add(
            actor=member,
            proposal=proposal,
            title="Relazione",
            upload=SimpleUploadedFile("r.pdf", PDF, content_type="application/pdf"),
        )
        submitted = services.proposal_submit(actor=member, proposal=proposal)
        if closed:
            submitted.call.state = CallState.CLOSED
            submitted.call.save()
        return submitted

    return once(world, "c2_submitted", make)


def _foreign_pk(world) -> dict:
    """A draft that concerns neither the ETS member's organisation nor the coordinator."""
    from trama.calls.tests.factories import ProposalFactory

    return {
        "pk": once(
            world,
            "c2_foreign",
            lambda: ProposalFactory(call=world.call_own, lead=world.partner_body),
        ).pk
    }


def _draft_pk(world) -> dict:
    return {"pk": _draft(world).pk}


def _submitted_pk(world) -> dict:
    return {"pk": _submitted(world).pk}


def _version(world) -> int:
    return Proposal.objects.get(pk=_draft(world).pk).version


def _rows(prefix: str, **row) -> dict:
    data = {f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0"}
    data.update({f"{prefix}-0-{name}": value for name, value in row.items()})
    return data


DRAFT_404_FOR_COORDINATOR = only(ETS) | {"coordinator": 404}
ETS_ONLY = only(ETS)


def _partner_kwargs(world) -> dict:
    draft = _draft(world)
    partner = once(
        world,
        "c2_partner",
        lambda: ProposalPartner.objects.create(
            proposal=draft, organization=world.org_other, role="Laboratori"
        ),
    )
    return {"pk": draft.pk, "partner_pk": partner.pk}


def _invitation_kwargs(world) -> dict:
    other = _other_draft(world)
    return {"pk": other.pk, "partner_pk": other.partners.get().pk}


def _attachment_kwargs(world) -> dict:
    submitted = _submitted(world)
    return {"pk": submitted.pk, "attachment_pk": submitted.attachments.get().pk}


def _draft_attachment_kwargs(world) -> dict:
    from trama.calls.services import proposal_content

    draft = _draft(world)
    attachment = once(
        world,
        "c2_attachment",
        lambda: proposal_content.proposal_attachment_add(
            actor=world.users.ets_member,
            proposal=draft,
            title="Bozza",
            upload=SimpleUploadedFile("b.pdf", PDF, content_type="application/pdf"),
        ),
    )
    return {"pk": draft.pk, "attachment_pk": attachment.pk}


CASES = [
    # The portal and the coordinator's list.
    Case("calls:portal", only(ETS)),
    Case("calls:call_proposals", only(COORDINATOR), kwargs=lambda w: {"call_pk": w.call_own.pk}),
    Case(
        "calls:call_proposals_export",
        only(COORDINATOR),
        kwargs=lambda w: {"call_pk": w.call_own.pk, "file_format": "csv"},
        note="CSV",
    ),
    Case(
        "calls:call_proposals_export",
        only(COORDINATOR),
        kwargs=lambda w: {"call_pk": w.call_own.pk, "file_format": "xlsx"},
        note="XLSX",
    ),
    # Creating a draft.
    Case("calls:proposal_create", only(ETS), kwargs=lambda w: {"call_pk": w.call_own.pk}),
    Case(
        "calls:proposal_create",
        only(ETS, allowed=302),
        kwargs=lambda w: {"call_pk": w.call_own.pk},
        method="post",
        data=lambda w: {"organization": w.org_own.pk, "title": "Nuova", "summary": "S"},
    ),
    # Reading.
    Case("calls:proposal_detail", DRAFT_404_FOR_COORDINATOR, kwargs=_draft_pk, note="draft"),
    Case("calls:proposal_detail", only(BOTH), kwargs=_submitted_pk, note="submitted"),
    Case(
        "calls:proposal_detail",
        only(ETS) | {"coordinator": 404},
        kwargs=lambda w: {"pk": _other_draft(w).pk},
        note="another ETS's draft where the member's organisation is invited as partner",
    ),
    Case(
        "calls:proposal_detail",
        only([]) | {"ets_member": 404, "coordinator": 404},
        kwargs=_foreign_pk,
        note="a draft that does not concern the member",
    ),
    Case("calls:proposal_receipt", only(BOTH), kwargs=_submitted_pk),
    Case("calls:proposal_attachment", only(BOTH), kwargs=_attachment_kwargs),
    # Editing the draft, one section per page.
    Case("calls:proposal_edit", ETS_ONLY, kwargs=_draft_pk),
    Case(
        "calls:proposal_edit",
        only(ETS, allowed=302),
        kwargs=_draft_pk,
        method="post",
        data=lambda w: {
            "version": _version(w),
            "title": "Titolo",
            "summary": "Sintesi",
            "expected_beneficiaries": "10",
            "total_budget": "10000,00",
        },
    ),
    Case(
        "calls:proposal_edit",
        only(ETS, allowed=302),
        kwargs=_submitted_pk,
        note="a submitted proposal sends back to its page",
    ),
    Case("calls:proposal_activities", ETS_ONLY, kwargs=_draft_pk),
    Case(
        "calls:proposal_activities",
        only(ETS, allowed=302),
        kwargs=_draft_pk,
        method="post",
        data=lambda w: {
            "version": _version(w),
            **_rows("activities", title="Visite", expected_number="5"),
        },
    ),
    Case("calls:proposal_indicators", ETS_ONLY, kwargs=_draft_pk),
    Case(
        "calls:proposal_indicators",
        only(ETS, allowed=302),
        kwargs=_draft_pk,
        method="post",
        data=lambda w: {"version": _version(w), **_rows("indicators", name="Persone", target="5")},
    ),
    Case("calls:proposal_budget", ETS_ONLY, kwargs=_draft_pk),
    Case(
        "calls:proposal_budget",
        only(ETS, allowed=302),
        kwargs=_draft_pk,
        method="post",
        data=lambda w: {
            "version": _version(w),
            **_rows(
                "budget",
                description="Personale",
                amount="10000",
                consortium_share="8000",
                cofunding_cash="2000",
            ),
        },
    ),
    Case("calls:proposal_partners", ETS_ONLY, kwargs=_draft_pk),
    Case(
        "calls:proposal_partners",
        only(ETS, allowed=302),
        kwargs=_draft_pk,
        method="post",
        data=lambda w: {"organization": w.org_other.pk, "role": "Laboratori"},
    ),
    Case(
        "calls:proposal_partner_remove",
        only(ETS, allowed=302),
        kwargs=_partner_kwargs,
        method="post",
    ),
    Case(
        "calls:proposal_partner_remove",
        only(ETS, allowed=405),
        kwargs=_partner_kwargs,
        note="GET is not allowed",
    ),
    Case(
        "calls:proposal_partner_confirm",
        only(ETS, allowed=302),
        kwargs=_invitation_kwargs,
        method="post",
    ),
    Case(
        "calls:proposal_partner_confirm",
        only(ETS) | {"ets_member": 403, "coordinator": 403},
        kwargs=_partner_kwargs,
        method="post",
        note="the lead cannot confirm for its partner",
    ),
    Case("calls:proposal_attachments", ETS_ONLY, kwargs=_draft_pk),
    Case(
        "calls:proposal_attachments",
        ETS_ONLY,
        kwargs=_draft_pk,
        method="post",
        note="no file: the form says so",
    ),
    Case(
        "calls:proposal_attachment_remove",
        only(ETS, allowed=302),
        kwargs=_draft_attachment_kwargs,
        method="post",
    ),
    # Submission, withdrawal, admissibility.
    Case("calls:proposal_submit", ETS_ONLY, kwargs=_draft_pk),
    Case(
        "calls:proposal_submit",
        only(ETS, allowed=302),
        kwargs=_draft_pk,
        method="post",
        data=lambda w: {"version": _version(w)},
    ),
    Case("calls:proposal_withdraw", ETS_ONLY, kwargs=_draft_pk),
    Case("calls:proposal_withdraw", only(ETS, allowed=302), kwargs=_draft_pk, method="post"),
    Case(
        "calls:proposal_admissibility",
        only(COORDINATOR),
        kwargs=lambda w: {"pk": _submitted(w, closed=True).pk},
    ),
    Case(
        "calls:proposal_admissibility",
        only(COORDINATOR, allowed=302),
        kwargs=lambda w: {"pk": _submitted(w, closed=True).pk},
        method="post",
        data=lambda w: {"decision": "admissible", "note": ""},
    ),
    # API: token authentication; anonymous is 401.
    Case("api-1.0.0:calls_proposal_list", only(BOTH, anonymous=401), api=True),
    Case(
        "api-1.0.0:calls_proposal_detail",
        only(ETS, anonymous=401) | {"coordinator": 404},
        api=True,
        kwargs=lambda w: {"proposal_id": _draft(w).pk},
        note="draft",
    ),
    Case(
        "api-1.0.0:calls_proposal_detail",
        only(BOTH, anonymous=401),
        api=True,
        kwargs=lambda w: {"proposal_id": _submitted(w).pk},
        note="submitted",
    ),
    Case(
        "api-1.0.0:calls_proposal_create",
        only(ETS, allowed=201, anonymous=401),
        api=True,
        method="post",
        data=lambda w: {"call_id": w.call_own.pk, "title": "Dall'API", "summary": "S"},
    ),
    Case(
        "api-1.0.0:calls_proposal_update",
        only(ETS, anonymous=401) | {"coordinator": 404},
        api=True,
        method="patch",
        kwargs=lambda w: {"proposal_id": _draft(w).pk},
        data=lambda w: {"version": _version(w), "expected_beneficiaries": 12},
    ),
    Case(
        "api-1.0.0:calls_proposal_submit",
        only(ETS, anonymous=401) | {"coordinator": 404},
        api=True,
        method="post",
        kwargs=lambda w: {"proposal_id": _draft(w).pk},
        data=lambda w: {"version": _version(w)},
    ),
    Case(
        "api-1.0.0:calls_proposal_withdraw",
        only(ETS, anonymous=401) | {"coordinator": 404},
        api=True,
        method="post",
        kwargs=lambda w: {"proposal_id": _draft(w).pk},
    ),
]
