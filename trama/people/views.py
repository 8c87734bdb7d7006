from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trama.core.errors import DomainError
from trama.core.forms import apply_service_error
from trama.core.policy import capability_required
from trama.core.shortcuts import get_or_404
from trama.people import selectors, services
from trama.people.capabilities import (
    ANSWER_SUBJECT_REQUESTS,
    BREAK_GLASS,
    KEEP_NOTICES,
    OPEN_PERSON,
    READ_BROKEN_GLASS,
    READ_BY_GLASS_ONLY,
    READ_PEOPLE,
    WRITE_PEOPLE,
)
from trama.people.errors import PeopleErrors
from trama.people.forms import (
    BreakGlassForm,
    ConsentForm,
    HouseholdForm,
    IseeForm,
    MemberForm,
    NoticeForm,
    OpenForm,
    PersonFilterForm,
    PersonForm,
)
from trama.people.models import Household, OpenPurpose, Person

PAGE_SIZE = 25


def saved_then(request, form, save, *, message, then):
    """A form page's POST: for a valid form, `save(cleaned_data)` (the service), `message`, and
    the response `then(result)`. None when the form is to be shown (again), with the service's
    refusal on it."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, message)
            return then(result)
    return None


def opened_with_purpose(request, form, open_record):
    """A purpose form's POST: for a valid form, `open_record(purpose=…, note=…)`, the service
    that opens a person's record and logs it with its purpose. None when the form is to be
    shown (again), with the service's refusal on it."""
    if request.method == "POST" and form.is_valid():
        try:
            return open_record(purpose=form.cleaned_data["purpose"], note=form.cleaned_data["note"])
        except ValidationError as error:
            apply_service_error(form, error)
    return None


def _in_scope_or_404(request, pk: int) -> None:
    if not selectors.person_in_scope(user=request.user, pk=pk):
        raise Http404


def _household_or_404(request, pk: int) -> Household:
    return get_or_404(selectors.household_get, user=request.user, pk=pk)


def _glass_only(user) -> bool:
    return READ_BY_GLASS_ONLY.allows(user) and not READ_PEOPLE.allows(user)


def _record(request, person: Person, *, break_glass: bool = False):
    today = timezone.localdate()
    households = [membership.household for membership in person.memberships.all()]
    for household in households:
        household.current_isee = next(
            (d for d in household.isee_declarations.all() if d.is_valid_on(today)), None
        )
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "households": households,
            "consents": person.consents.all(),
            "can_write": WRITE_PEOPLE.allows(request.user)
            and (not break_glass)
            and person.anonymized_at is None,
            "break_glass": break_glass,
            "glass_only": _glass_only(request.user),
            "break_glass_minutes": selectors.BREAK_GLASS_MINUTES,
            # The DPO answers requests on the person it broke the glass for; an operator who
            # broke it is no privacy officer.
            "can_handle_requests": ANSWER_SUBJECT_REQUESTS.allows(request.user)
            and selectors.person_in_scope(user=request.user, pk=person.pk),
        },
    )


@capability_required(READ_PEOPLE)
def person_list(request):
    hubs = selectors.hubs_for(user=request.user)
    form = PersonFilterForm(request.GET, hubs=hubs)
    scope = selectors.hub_scope(request.user)
    if scope is not None and len(scope) <= 1:
        del form.fields["hub"]  # one hub: nothing to narrow the list to
    queryset = selectors.person_list(user=request.user, filters=form.to_filters())
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/list.html",
        {
            "form": form,
            "show_hub_filter": "hub" in form.fields,
            "page_obj": page,
            "can_write": WRITE_PEOPLE.allows(request.user),
            "can_break_glass": BREAK_GLASS.allows(request.user),
        },
    )


def _duplicate_link(request, error: services.DuplicateFiscalCode) -> str:
    if selectors.person_in_scope(user=request.user, pk=error.existing_id):
        return reverse("people:detail", args=[error.existing_id])
    return reverse("people:break_glass") + f"?number={error.existing_id}"


def _person_service(request, context, service, **arguments):
    """A service saving a person. When it refuses the fiscal code, `context` gets what the
    form then offers: the link to the person who has it, or the box confirming a mismatch."""
    try:
        return service(actor=request.user, **arguments)
    except services.DuplicateFiscalCode as error:
        context["existing_url"] = _duplicate_link(request, error)
        raise
    except services.FiscalCodeMismatch:
        context["mismatch"] = True
        raise


@capability_required(WRITE_PEOPLE)
def person_create(request):
    hubs = selectors.hubs_for(user=request.user)
    form = PersonForm(request.POST or None, hubs=hubs)
    context = {"form": form}
    response = saved_then(
        request,
        form,
        lambda data: _person_service(
            request,
            context,
            services.person_create,
            confirm_mismatch=data["confirm_mismatch"],
            **form.service_arguments(),
        ),
        message=_("Person registered."),
        then=lambda person: redirect("people:detail", pk=person.pk),
    )
    return response or render(request, "people/form.html", context)


@capability_required(OPEN_PERSON)
def person_detail(request, pk: int):
    """First the purpose, then the record: each open is logged with its purpose. The open
    checks the scope itself; the purpose form is shown only for a person in scope."""
    form = OpenForm(request.POST or None)
    person = opened_with_purpose(
        request,
        form,
        lambda **purpose: get_or_404(
            services.person_open, actor=request.user, person_id=pk, **purpose
        ),
    )
    if person is not None:
        return _record(request, person)
    _in_scope_or_404(request, pk)
    return render(request, "people/open.html", {"form": form, "pk": pk})


@capability_required(BREAK_GLASS)
def person_break_glass(request):
    form = BreakGlassForm(request.POST or None, initial={"number": request.GET.get("number")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person = selectors.person_find_for_break_glass(
            user=request.user, fiscal_code=data["fiscal_code"], pk=data["number"]
        )
        if person is None:
            form.add_error(None, _("No person is registered with this codice fiscale or number."))
        else:
            try:
                opened = services.person_open_break_glass(
                    actor=request.user, person_id=person.pk, reason=data["reason"]
                )
            except ValidationError as error:
                apply_service_error(form, error)
            else:
                return _record(request, opened, break_glass=True)
    return render(
        request,
        "people/break_glass.html",
        {
            "form": form,
            "glass_only": _glass_only(request.user),
            "break_glass_minutes": selectors.BREAK_GLASS_MINUTES,
        },
    )


@capability_required(READ_BROKEN_GLASS)
def break_glass_log(request):
    entries = selectors.break_glass_list(user=request.user)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "people/break_glass_log.html", {"page_obj": page})


@capability_required(WRITE_PEOPLE)
def person_edit(request, pk: int):
    # Showing the data to edit is an open of the record too: logged with its purpose.
    person = get_or_404(
        services.person_open, actor=request.user, person_id=pk, purpose=OpenPurpose.UPDATE
    )
    form = PersonForm(
        request.POST or None, hubs=selectors.hubs_for(user=request.user), person=person
    )
    context = {"form": form, "person": person}
    response = saved_then(
        request,
        form,
        lambda data: _person_service(
            request,
            context,
            services.person_update,
            person=person,
            version=data["version"],
            confirm_mismatch=data["confirm_mismatch"],
            **form.service_arguments(),
        ),
        message=_("Changes saved."),
        then=lambda _person: redirect("people:detail", pk=pk),
    )
    return response or render(request, "people/form.html", context)


@capability_required(WRITE_PEOPLE)
def household_create(request):
    form = HouseholdForm(request.POST or None, hubs=selectors.hubs_for(user=request.user))
    response = saved_then(
        request,
        form,
        lambda data: services.household_create(actor=request.user, **data),
        message=_("Household registered."),
        then=lambda household: redirect("people:household_detail", pk=household.pk),
    )
    return response or render(request, "people/household_form.html", {"form": form})


@capability_required(READ_PEOPLE)
def household_detail(request, pk: int):
    household = _household_or_404(request, pk)
    services.household_open(actor=request.user, household=household)
    today = timezone.localdate()
    declarations = list(household.isee_declarations.all())
    return render(
        request,
        "people/household_detail.html",
        {
            "household": household,
            "members": household.members.all(),
            "declarations": declarations,
            "current_isee": next((d for d in declarations if d.is_valid_on(today)), None),
            "can_write": WRITE_PEOPLE.allows(request.user),
        },
    )


def _followed_person(request, number: int) -> Person:
    person = selectors.person_list(user=request.user).filter(pk=number).first()
    if person is None:
        raise DomainError(
            _("No person with this number among the people you follow."),
            field="number",
            code=PeopleErrors.PERSON_NOT_FOLLOWED,
        )
    return person


@capability_required(WRITE_PEOPLE)
def household_member_add(request, pk: int):
    household = _household_or_404(request, pk)
    form = MemberForm(request.POST or None)
    response = saved_then(
        request,
        form,
        lambda data: services.household_member_add(
            actor=request.user,
            household=household,
            person=_followed_person(request, data["number"]),
            relationship=data["relationship"],
        ),
        message=_("Member added."),
        then=lambda _membership: redirect("people:household_detail", pk=pk),
    )
    return response or render(
        request,
        "people/household_part_form.html",
        {"form": form, "household": household, "title": _("Add a member")},
    )


@capability_required(WRITE_PEOPLE)
def isee_add(request, pk: int):
    household = _household_or_404(request, pk)
    form = IseeForm(request.POST or None)
    response = saved_then(
        request,
        form,
        lambda data: services.isee_add(actor=request.user, household=household, **data),
        message=_("ISEE recorded."),
        then=lambda _isee: redirect("people:household_detail", pk=pk),
    )
    return response or render(
        request,
        "people/household_part_form.html",
        {"form": form, "household": household, "title": _("Record an ISEE")},
    )


@capability_required(WRITE_PEOPLE)
def consent_add(request, pk: int):
    person = get_or_404(selectors.person_list(user=request.user), pk=pk)
    form = ConsentForm(request.POST or None)
    response = saved_then(
        request,
        form,
        lambda data: services.consent_record(actor=request.user, person=person, **data),
        message=_("Consent recorded."),
        then=lambda _consent: redirect("people:detail", pk=pk),
    )
    return response or render(request, "people/consent_form.html", {"form": form, "person": person})


@require_POST
@capability_required(WRITE_PEOPLE)
def consent_withdraw(request, pk: int):
    consent = get_or_404(selectors.consent_get, user=request.user, pk=pk)
    try:
        services.consent_withdraw(actor=request.user, consent=consent)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Consent withdrawn."))
    return redirect("people:detail", pk=consent.person_id)


@capability_required(READ_PEOPLE | KEEP_NOTICES)
def notice_list(request):
    return render(
        request,
        "people/notice_list.html",
        {
            "notices": selectors.privacy_notice_list(),
            "can_create": KEEP_NOTICES.allows(request.user),
        },
    )


@capability_required(KEEP_NOTICES)
def notice_create(request):
    form = NoticeForm(request.POST or None)
    response = saved_then(
        request,
        form,
        lambda data: services.privacy_notice_create(actor=request.user, **data),
        message=_("Privacy notice published."),
        then=lambda _notice: redirect("people:notice_list"),
    )
    return response or render(request, "people/notice_form.html", {"form": form})
