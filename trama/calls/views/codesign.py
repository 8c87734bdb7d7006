"""Pages of the co-design table: the list of tables, one table, its sessions, the project
document's versions and their comparison, the agreement."""

import re
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trama import textdiff
from trama.calls.capabilities import CHAIR_TABLES, READ_TABLES
from trama.calls.forms.codesign import (
    AgreementForm,
    CompareForm,
    DocumentVersionForm,
    IndicatorFormSet,
    PartnerFormSet,
    SessionCreateForm,
    SessionUpdateForm,
)
from trama.calls.models import Call, CodesignSession, DocumentVersion
from trama.calls.selectors import codesign as selectors
from trama.calls.services import codesign as services
from trama.core.forms import apply_service_error
from trama.core.policy import capability_required
from trama.core.shortcuts import get_or_404
from trama.projects.models import PartnerRole


def _table_or_404(request, call_pk: int) -> Call:
    return get_or_404(selectors.codesign_table_get, user=request.user, pk=call_pk)


def _version_or_404(call: Call, number: int) -> DocumentVersion:
    return get_or_404(selectors.document_version_get, call=call, number=number)


def _saved(request, form, save, *, message):
    """A valid POST: the service's result, with `message`; None (the form shows the
    service's refusal) otherwise."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except ValidationError as error:
        apply_service_error(form, error)
        return None
    messages.success(request, message)
    return result


@capability_required(READ_TABLES)
def table_list(request):
    tables = list(selectors.codesign_table_list(user=request.user))
    return render(request, "calls/codesign/table_list.html", {"tables": tables})


@capability_required(READ_TABLES)
def table_detail(request, call_pk: int):
    call = _table_or_404(request, call_pk)
    sessions = list(selectors.codesign_session_list(call=call))
    for session in sessions:
        participants = session.participants.all()
        session.invited_count = len(participants)
        session.present_count = sum(1 for p in participants if p.present)
    context = {
        "call": call,
        "proposals": list(selectors.selected_proposals(call)),
        "sessions": sessions,
        "latest": selectors.document_version_latest(call=call),
        "agreement": selectors.agreement_get(call=call),
        "may_open": CHAIR_TABLES.allows(request.user) and call.state == "ranked",
        "may_write_sessions": selectors.may_write_sessions(request.user, call),
        "may_write_document": selectors.may_write_document(request.user, call),
        "may_conclude": selectors.may_write_sessions(request.user, call),
        "now": timezone.now(),
    }
    return render(request, "calls/codesign/table_detail.html", context)


@require_POST
@capability_required(CHAIR_TABLES)
def table_open(request, call_pk: int):
    call = _table_or_404(request, call_pk)
    try:
        services.codesign_open(actor=request.user, call=call)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The co-design table is open."))
    return redirect("calls:codesign_table", call_pk=call.pk)


@capability_required(CHAIR_TABLES)
def session_create(request, call_pk: int):
    call = _table_or_404(request, call_pk)
    form = SessionCreateForm(
        request.POST or None, organizations=selectors.participating_organizations(call)
    )
    session = _saved(
        request,
        form,
        lambda data: services.codesign_session_create(
            actor=request.user,
            call=call,
            held_at=data["held_at"],
            place=data["place"],
            agenda=data["agenda"],
            invited_organizations=list(data["invited_organizations"]),
            invited_people=form.people(),
        ),
        message=_("Session scheduled: the invited organisations have been notified."),
    )
    if session is not None:
        return redirect("calls:codesign_session_detail", pk=session.pk)
    return render(
        request,
        "calls/codesign/form.html",
        {"call": call, "form": form, "title": _("New co-design session")},
    )


def _session_or_404(request, pk: int) -> CodesignSession:
    return get_or_404(selectors.codesign_session_get, user=request.user, pk=pk)


@capability_required(READ_TABLES)
def session_detail(request, pk: int):
    session = _session_or_404(request, pk)
    context = {
        "session": session,
        "call": session.call,
        "may_write": selectors.may_write_sessions(request.user, session.call),
    }
    return render(request, "calls/codesign/session_detail.html", context)


@capability_required(CHAIR_TABLES)
def session_update(request, pk: int):
    session = _session_or_404(request, pk)
    form = SessionUpdateForm(request.POST or None, session=session)
    saved = _saved(
        request,
        form,
        lambda data: services.codesign_session_update(actor=request.user, session=session, **data),
        message=_("Session saved."),
    )
    if saved is not None:
        return redirect("calls:codesign_session_detail", pk=session.pk)
    return render(
        request,
        "calls/codesign/form.html",
        {
            "call": session.call,
            "form": form,
            "title": _("Minutes and attendance"),
            "session": session,
        },
    )


@capability_required(READ_TABLES)
def document(request, call_pk: int):
    call = _table_or_404(request, call_pk)
    versions = list(selectors.document_version_list(call=call))
    context = {
        "call": call,
        "versions": versions,
        "compare_form": CompareForm(
            initial={
                "a": versions[1].number if len(versions) > 1 else None,
                "b": versions[0].number if versions else None,
            },
            numbers=[v.number for v in versions],
        ),
        "may_write": selectors.may_write_document(request.user, call),
    }
    return render(request, "calls/codesign/document.html", context)


@capability_required(READ_TABLES)
def version_create(request, call_pk: int):
    call = _table_or_404(request, call_pk)
    if not (CHAIR_TABLES.allows(request.user) or selectors.takes_part(request.user, call)):
        raise PermissionDenied
    if not selectors.may_write_document(request.user, call):
        messages.error(request, _("The project document changes while the call is in co-design."))
        return redirect("calls:codesign_document", call_pk=call.pk)
    latest = selectors.document_version_latest(call=call)
    initial = {"based_on": latest.number if latest else None}
    if latest:
        initial.update(title=latest.title, body=latest.body)
    form = DocumentVersionForm(request.POST or None, initial=initial)
    version = _saved(
        request,
        form,
        lambda data: services.document_version_create(actor=request.user, call=call, **data),
        message=_("New version of the project document saved."),
    )
    if version is not None:
        return redirect("calls:codesign_version", call_pk=call.pk, number=version.number)
    return render(
        request,
        "calls/codesign/version_form.html",
        {"call": call, "form": form, "latest": latest},
    )


@capability_required(READ_TABLES)
def version_detail(request, call_pk: int, number: int):
    call = _table_or_404(request, call_pk)
    version = _version_or_404(call, number)
    context = {
        "call": call,
        "version": version,
        "previous": number - 1 if number > 1 else None,
        "is_latest": not call.document_versions.filter(number__gt=number).exists(),
    }
    return render(request, "calls/codesign/version_detail.html", context)


@capability_required(READ_TABLES)
def version_compare(request, call_pk: int):
    call = _table_or_404(request, call_pk)
    numbers = list(call.document_versions.order_by("number").values_list("number", flat=True))
    form = CompareForm(request.GET or None, numbers=numbers)
    context = {"call": call, "form": form, "segments": None}
    if form.is_bound and form.is_valid():
        old = _version_or_404(call, form.cleaned_data["a"])
        new = _version_or_404(call, form.cleaned_data["b"])
        diff = textdiff.diff_lines if form.cleaned_data["mode"] == "lines" else textdiff.diff_words
        segments = diff(f"{old.title}\n\n{old.body}", f"{new.title}\n\n{new.body}")
        context.update(
            old=old,
            new=new,
            segments=segments,
            stats=textdiff.diff_stats(segments),
            changed=any(s.kind != textdiff.EQUAL for s in segments),
        )
    return render(request, "calls/codesign/compare.html", context)


def _initial_partners(call: Call) -> list[dict]:
    """The participating organisations: the best-ranked proposal's lead leads."""
    rows, seen = [], set()
    for proposal in selectors.selected_proposals(call):
        for organization, role in [
            (proposal.lead, PartnerRole.LEAD if not rows else PartnerRole.PARTNER),
            *((p.organization, PartnerRole.PARTNER) for p in proposal.confirmed_partners),
        ]:
            if organization.pk not in seen:
                seen.add(organization.pk)
                rows.append({"organization": organization.pk, "role": role})
    return rows


def _initial_indicators(call: Call) -> list[dict]:
    rows, seen = [], set()
    for proposal in selectors.selected_proposals(call):
        for indicator in proposal.indicators.all():
            if indicator.name.casefold() not in seen:
                seen.add(indicator.name.casefold())
                rows.append(
                    {"name": indicator.name, "unit": indicator.unit, "target": indicator.target}
                )
    return rows


def _slug_for(title: str) -> str:
    return re.sub(r"-+", "-", slugify(title))[:80].strip("-")


@capability_required(CHAIR_TABLES)
def agreement_create(request, call_pk: int):
    call = _table_or_404(request, call_pk)
    if call.state != "co_design" and request.method == "GET":
        messages.error(request, _("An agreement closes a call in co-design."))
        return redirect("calls:codesign_table", call_pk=call.pk)
    versions = call.document_versions.order_by("-number")
    proposals = list(selectors.selected_proposals(call))
    first = proposals[0] if proposals else None
    budget = sum((p.total_budget for p in proposals), Decimal("0"))
    initial = {
        "signed_on": timezone.localdate(),
        "budget": min(budget, call.budget_available),
        "document_version": versions.first(),
        "project_name": first.title if first else "",
        "project_slug": _slug_for(first.title) if first else "",
        "project_summary": first.summary[:400] if first else "",
    }
    data = request.POST or None
    form = AgreementForm(data, initial=initial, versions=versions)
    partners = PartnerFormSet(data, prefix="partners", initial=_initial_partners(call))
    indicators = IndicatorFormSet(data, prefix="indicators", initial=_initial_indicators(call))
    if request.method == "POST" and all(
        [form.is_valid(), partners.is_valid(), indicators.is_valid()]
    ):
        cleaned = form.cleaned_data
        try:
            services.agreement_conclude(
                actor=request.user,
                call=call,
                project=cleaned["project"],
                project_name=cleaned["project_name"],
                project_slug=cleaned["project_slug"],
                project_summary=cleaned["project_summary"],
                signed_on=cleaned["signed_on"],
                budget=cleaned["budget"],
                summary=cleaned["summary"],
                document_version=cleaned["document_version"],
                partners=[
                    services.AgreedPartner(
                        organization=row["organization"],
                        role=row["role"],
                        budget_share=row.get("budget_share") or Decimal("0"),
                    )
                    for row in partners.cleaned_data
                    if row.get("organization")
                ],
                indicators=[
                    services.AgreedIndicator(
                        name=row["name"], unit=row.get("unit", ""), target=row["target"]
                    )
                    for row in indicators.cleaned_data
                    if row.get("name")
                ],
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request, _("Agreement concluded: the project is active and in the public catalog.")
            )
            return redirect("calls:agreement_detail", call_pk=call.pk)
    context = {
        "call": call,
        "form": form,
        "partners": partners,
        "indicators": indicators,
        "has_errors": bool(
            form.errors or partners.total_error_count() or indicators.total_error_count()
        ),
    }
    return render(request, "calls/codesign/agreement_form.html", context)


@capability_required(READ_TABLES)
def agreement_detail(request, call_pk: int):
    call = _table_or_404(request, call_pk)
    agreement = selectors.agreement_get(call=call)
    if agreement is None:
        raise Http404
    shares = sum((p.budget_share for p in agreement.partners.all()), Decimal("0"))
    return render(
        request,
        "calls/codesign/agreement_detail.html",
        {"call": call, "agreement": agreement, "shares": shares},
    )
