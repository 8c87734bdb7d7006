"""Pages of proposals: the ETS portal, the lead's draft one section per page, partners'
confirmations, attachments, submission and its receipt, withdrawal; the coordinator's list
of a call's proposals and the admissibility decision."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.calls.capabilities import OVERSEE_PROPOSALS, READ_PROPOSALS, TAKE_PART
from trama.calls.forms.proposal import (
    ActivityFormSet,
    AdmissibilityForm,
    AttachmentForm,
    BudgetLineFormSet,
    IndicatorFormSet,
    PartnerAddForm,
    ProposalCreateForm,
    ProposalGeneralForm,
    VersionForm,
)
from trama.calls.models import Call, Proposal, ProposalState
from trama.calls.requirements import check_requirements
from trama.calls.selectors import proposal as selectors
from trama.calls.selectors import proposal_list as list_selectors
from trama.calls.services import proposal as services
from trama.calls.services import proposal_budget as budget_services
from trama.calls.services import (
    proposal_common,
    proposal_content,
    proposal_review,
)
from trama.calls.services import proposal_receipt as receipt_services
from trama.calls.services.proposal_list import proposal_list_export
from trama.core import responses
from trama.core.deadlines import deadline_moment, deadline_open, local_moment
from trama.core.errors import DomainError
from trama.core.forms import apply_service_error
from trama.core.policy import capability_required
from trama.core.shortcuts import get_or_404
from trama.core.uploads import upload_max_bytes


def _get_or_404(request, pk: int) -> Proposal:
    return get_or_404(selectors.proposal_get, user=request.user, pk=pk)


def _call_or_404(request, pk: int) -> Call:
    return get_or_404(selectors.call_for_proposals, user=request.user, pk=pk)


def _draft_of_lead(request, pk: int) -> Proposal | HttpResponse:
    """The proposal when the user may edit it; a redirect to its page when it is frozen."""
    proposal = _get_or_404(request, pk)
    if not selectors.is_lead_member(user=request.user, proposal=proposal):
        raise PermissionDenied
    if proposal.state != ProposalState.DRAFT:
        messages.warning(request, proposal_common.not_editable_message(proposal))
        return redirect("calls:proposal_detail", pk=proposal.pk)
    return proposal


def _messages_of(error: ValidationError) -> list[str]:
    return list(error.messages)


def _figures(proposal: Proposal):
    return budget_services.budget_figures(
        proposal, proposal.budget_lines.all(), proposal.call.volunteer_hour_rate
    )


# Portal ---------------------------------------------------------------------------------


@capability_required(TAKE_PART)
def portal(request):
    return render(
        request, "calls/proposal/portal.html", {"portal": selectors.portal(user=request.user)}
    )


# The lead's draft -----------------------------------------------------------------------


@capability_required(TAKE_PART)
def proposal_create(request, call_pk: int):
    call = _call_or_404(request, call_pk)
    organizations = selectors.applicant_organizations(user=request.user)
    form = ProposalCreateForm(request.POST or None, organizations=organizations)
    requirements = [
        (organization, check_requirements(call, organization)) for organization in organizations
    ]
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(
                actor=request.user,
                call=call,
                lead=form.cleaned_data["organization"],
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Draft created: complete its sections, then submit it."))
            return redirect("calls:proposal_edit", pk=proposal.pk)
    return render(
        request,
        "calls/proposal/create.html",
        {
            "call": call,
            "form": form,
            "requirements": requirements,
            "open": deadline_open(call.proposals_deadline),
        },
    )


@capability_required(READ_PROPOSALS)
def proposal_detail(request, pk: int):
    proposal = _get_or_404(request, pk)
    user = request.user
    organizations = selectors.member_organization_ids(user)
    my_invitations = [
        partner
        for partner in proposal.partners.all()
        if partner.organization_id in organizations and not partner.confirmed_at
    ]
    access_log_append(actor=user, action=Action.READ, obj=proposal)
    return render(
        request,
        "calls/proposal/detail.html",
        {
            "proposal": proposal,
            "figures": _figures(proposal),
            "is_lead": selectors.is_lead_member(user=user, proposal=proposal),
            "can_edit": selectors.can_edit_proposal(user=user, proposal=proposal),
            "can_receipt": selectors.can_read_receipt(user=user, proposal=proposal),
            "can_attachments": selectors.can_read_attachments(user=user, proposal=proposal),
            "can_withdraw": selectors.is_lead_member(user=user, proposal=proposal)
            and proposal.state in (ProposalState.DRAFT, ProposalState.SUBMITTED)
            and deadline_open(proposal.call.proposals_deadline),
            "can_decide": OVERSEE_PROPOSALS.allows(user)
            and proposal.state == ProposalState.SUBMITTED
            and proposal.call.state in proposal_review.ADMISSIBILITY_CALL_STATES,
            "my_invitations": my_invitations,
            "submitted_at_rome": local_moment(proposal.submitted_at)
            if proposal.submitted_at
            else "",
            "deadline_rome": deadline_moment(proposal.call.proposals_deadline),
        },
    )


def _section_context(proposal: Proposal, section: str, **extra) -> dict:
    return {"proposal": proposal, "section": section, **extra}


@capability_required(TAKE_PART)
def proposal_edit(request, pk: int):
    proposal = _draft_of_lead(request, pk)
    if isinstance(proposal, HttpResponse):
        return proposal
    initial = {
        "version": proposal.version,
        "title": proposal.title,
        "summary": proposal.summary,
        "target_groups": list(proposal.target_groups.all()),
        "expected_beneficiaries": proposal.expected_beneficiaries,
        "total_budget": proposal.total_budget,
    }
    form = ProposalGeneralForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update(
                actor=request.user,
                proposal=proposal,
                version=form.cleaned_data["version"],
                **form.service_arguments(),
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("calls:proposal_edit", pk=proposal.pk)
    return render(
        request,
        "calls/proposal/edit_general.html",
        _section_context(proposal, "general", form=form),
    )


def _rows_page(
    request, pk: int, *, section: str, formset_class, initial_rows, save, template, extra=None
):
    """A page editing one repeated section of the draft with a formset."""
    proposal = _draft_of_lead(request, pk)
    if isinstance(proposal, HttpResponse):
        return proposal
    version_form = VersionForm(request.POST or None, initial={"version": proposal.version})
    formset = formset_class(request.POST or None, initial=initial_rows(proposal), prefix=section)
    errors: list[str] = []
    if request.method == "POST":
        if version_form.is_valid() and formset.is_valid():
            try:
                save(proposal, version_form.cleaned_data["version"], formset.rows())
            except ValidationError as error:
                errors = _messages_of(error)
            else:
                messages.success(request, _("Changes saved."))
                return redirect(request.path)
        else:
            errors = [_("Please correct the errors below: nothing has been saved.")]
    return render(
        request,
        template,
        _section_context(
            proposal,
            section,
            formset=formset,
            version_form=version_form,
            errors=errors,
            figures=_figures(proposal),
            **(extra(proposal) if extra else {}),
        ),
    )


def _budget_problems(proposal: Proposal) -> dict:
    return {
        "problems": budget_services.budget_problems(
            total=proposal.total_budget,
            lines=list(proposal.budget_lines.all()),
            rate=proposal.call.volunteer_hour_rate,
            min_cofunding_percent=proposal.call.min_cofunding_percent,
        )
    }


@capability_required(TAKE_PART)
def proposal_activities(request, pk: int):
    return _rows_page(
        request,
        pk,
        section="activities",
        formset_class=ActivityFormSet,
        initial_rows=lambda p: [
            {
                "title": a.title,
                "description": a.description,
                "target_group": a.target_group,
                "expected_number": a.expected_number,
            }
            for a in p.activities.all()
        ],
        save=lambda p, version, rows: proposal_content.proposal_set_activities(
            actor=request.user, proposal=p, version=version, activities=rows
        ),
        template="calls/proposal/edit_activities.html",
    )


@capability_required(TAKE_PART)
def proposal_indicators(request, pk: int):
    return _rows_page(
        request,
        pk,
        section="indicators",
        formset_class=IndicatorFormSet,
        initial_rows=lambda p: [
            {"name": i.name, "unit": i.unit, "target": i.target} for i in p.indicators.all()
        ],
        save=lambda p, version, rows: proposal_content.proposal_set_indicators(
            actor=request.user, proposal=p, version=version, indicators=rows
        ),
        template="calls/proposal/edit_indicators.html",
    )


@capability_required(TAKE_PART)
def proposal_budget(request, pk: int):
    response = _rows_page(
        request,
        pk,
        section="budget",
        formset_class=BudgetLineFormSet,
        initial_rows=lambda p: [
            {
                "description": line.description,
                "amount": line.amount,
                "consortium_share": line.consortium_share,
                "cofunding_cash": line.cofunding_cash,
                "cofunding_in_kind": line.cofunding_in_kind,
                "volunteer_hours": line.volunteer_hours,
            }
            for line in p.budget_lines.all()
        ],
        save=lambda p, version, rows: proposal_content.proposal_set_budget_lines(
            actor=request.user, proposal=p, version=version, lines=rows
        ),
        template="calls/proposal/edit_budget.html",
        extra=_budget_problems,
    )
    return response


@capability_required(TAKE_PART)
def proposal_partners(request, pk: int):
    proposal = _draft_of_lead(request, pk)
    if isinstance(proposal, HttpResponse):
        return proposal
    form = PartnerAddForm(
        request.POST or None, organizations=selectors.partner_organizations(proposal=proposal)
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposal_content.proposal_partner_add(
                actor=request.user,
                proposal=proposal,
                organization=form.cleaned_data["organization"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request,
                _("Partner added: its members have been asked to confirm their participation."),
            )
            return redirect("calls:proposal_partners", pk=proposal.pk)
    return render(
        request,
        "calls/proposal/edit_partners.html",
        _section_context(proposal, "partners", form=form),
    )


def _partner_of(proposal: Proposal, partner_pk: int):
    for partner in proposal.partners.all():
        if partner.pk == partner_pk:
            return partner
    raise Http404


@capability_required(TAKE_PART)
@require_POST
def proposal_partner_remove(request, pk: int, partner_pk: int):
    proposal = _draft_of_lead(request, pk)
    if isinstance(proposal, HttpResponse):
        return proposal
    partner = _partner_of(proposal, partner_pk)
    proposal_content.proposal_partner_remove(actor=request.user, partner=partner)
    messages.success(request, _("Partner removed."))
    return redirect("calls:proposal_partners", pk=proposal.pk)


@capability_required(TAKE_PART)
@require_POST
def proposal_partner_confirm(request, pk: int, partner_pk: int):
    proposal = _get_or_404(request, pk)
    partner = _partner_of(proposal, partner_pk)
    if partner.organization_id not in selectors.member_organization_ids(request.user):
        raise PermissionDenied
    try:
        proposal_content.proposal_partner_confirm(actor=request.user, partner=partner)
    except DomainError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Participation of %(organization)s confirmed.")
            % {"organization": partner.organization.name},
        )
    return redirect("calls:proposal_detail", pk=proposal.pk)


@capability_required(TAKE_PART)
def proposal_attachments(request, pk: int):
    proposal = _draft_of_lead(request, pk)
    if isinstance(proposal, HttpResponse):
        return proposal
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal_content.proposal_attachment_add(
                actor=request.user,
                proposal=proposal,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Attachment uploaded."))
            return redirect("calls:proposal_attachments", pk=proposal.pk)
    return render(
        request,
        "calls/proposal/edit_attachments.html",
        _section_context(
            proposal,
            "attachments",
            form=form,
            max_bytes=upload_max_bytes(),
        ),
    )


def _attachment_of(proposal: Proposal, attachment_pk: int):
    for attachment in proposal.attachments.all():
        if attachment.pk == attachment_pk:
            return attachment
    raise Http404


@capability_required(READ_PROPOSALS)
def proposal_attachment_download(request, pk: int, attachment_pk: int):
    proposal = _get_or_404(request, pk)
    attachment = _attachment_of(proposal, attachment_pk)
    handle = proposal_content.proposal_attachment_open(actor=request.user, attachment=attachment)
    return FileResponse(
        handle,
        content_type="application/pdf",
        as_attachment=True,
        filename=f"proposta-{proposal.pk}-allegato-{attachment.pk}.pdf",
    )


@capability_required(TAKE_PART)
@require_POST
def proposal_attachment_remove(request, pk: int, attachment_pk: int):
    proposal = _draft_of_lead(request, pk)
    if isinstance(proposal, HttpResponse):
        return proposal
    attachment = _attachment_of(proposal, attachment_pk)
    proposal_content.proposal_attachment_remove(actor=request.user, attachment=attachment)
    messages.success(request, _("Attachment removed."))
    return redirect("calls:proposal_attachments", pk=proposal.pk)


# Submission, receipt, withdrawal --------------------------------------------------------


@capability_required(TAKE_PART)
def proposal_submit(request, pk: int):
    proposal = _draft_of_lead(request, pk)
    if isinstance(proposal, HttpResponse):
        return proposal
    form = VersionForm(request.POST or None, initial={"version": proposal.version})
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_submit(
                actor=request.user, proposal=proposal, version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            errors = _messages_of(error)
        else:
            messages.success(
                request,
                _("Proposal submitted. The receipt is below and has been sent by e-mail."),
            )
            return redirect("calls:proposal_detail", pk=proposal.pk)
        proposal = _get_or_404(request, pk)
    problems = services.submission_problems(proposal, now=timezone.now())
    return render(
        request,
        "calls/proposal/submit.html",
        _section_context(
            proposal,
            "submit",
            form=form,
            errors=errors,
            problems=problems,
            figures=_figures(proposal),
            deadline_rome=deadline_moment(proposal.call.proposals_deadline),
        ),
    )


@capability_required(READ_PROPOSALS)
def proposal_receipt(request, pk: int):
    proposal = _get_or_404(request, pk)
    if not proposal.submitted_at:
        raise Http404
    pdf = receipt_services.proposal_receipt_pdf(actor=request.user, proposal=proposal)
    return responses.attachment(
        pdf, filename=f"ricevuta-proposta-{proposal.pk}.pdf", content_type="application/pdf"
    )


@capability_required(TAKE_PART)
def proposal_withdraw(request, pk: int):
    proposal = _get_or_404(request, pk)
    if not selectors.is_lead_member(user=request.user, proposal=proposal):
        raise PermissionDenied
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.proposal_withdraw(actor=request.user, proposal=proposal)
        except ValidationError as error:
            errors = _messages_of(error)
        else:
            messages.success(request, _("Proposal withdrawn."))
            return redirect("calls:portal")
    return render(
        request,
        "calls/proposal/withdraw.html",
        {
            "proposal": proposal,
            "errors": errors,
            "deadline_rome": deadline_moment(proposal.call.proposals_deadline),
        },
    )


# Coordinator ----------------------------------------------------------------------------


@capability_required(OVERSEE_PROPOSALS)
def call_proposals(request, call_pk: int):
    call = _call_or_404(request, call_pk)
    table = list_selectors.proposal_table(
        user=request.user, call=call, sort=request.GET.get("sort")
    )
    page = Paginator(table.proposals, list_selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    access_log_append(
        actor=request.user, action=Action.READ, obj=call, details={"what": "proposals"}
    )
    return render(
        request,
        "calls/proposal/call_proposals.html",
        {
            "call": call,
            "table": table,
            "page_obj": page,
            "rows": [
                (row, local_moment(row.proposal.submitted_at))
                for row in table.rows(page.object_list)
            ],
        },
    )


@capability_required(OVERSEE_PROPOSALS)
def call_proposals_export(request, call_pk: int, file_format: str):
    call = _call_or_404(request, call_pk)
    try:
        export = proposal_list_export(
            actor=request.user, call=call, sort=request.GET.get("sort"), file_format=file_format
        )
    except DomainError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    return responses.attachment(
        export.content, filename=export.filename, content_type=export.content_type
    )


@capability_required(OVERSEE_PROPOSALS)
def proposal_admissibility(request, pk: int):
    proposal = _get_or_404(request, pk)
    form = AdmissibilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decide = (
            proposal_review.proposal_mark_admissible
            if form.cleaned_data["decision"] == AdmissibilityForm.ADMISSIBLE
            else proposal_review.proposal_mark_not_admissible
        )
        try:
            decide(actor=request.user, proposal=proposal, note=form.cleaned_data["note"])
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, _("Decision recorded; the lead has been told by e-mail."))
            return redirect("calls:proposal_detail", pk=proposal.pk)
    return render(
        request, "calls/proposal/admissibility.html", {"proposal": proposal, "form": form}
    )
