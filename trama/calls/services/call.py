"""Writes to a call: its terms and timeline, criteria, documents, questions and answers, and
one service per transition of its state machine (`trama.calls.workflows`).

Only the coordinator writes calls (an ETS member asks questions). Each function is one
transaction and leaves one entry in the access log; a refused operation raises a
`DomainError` in the user's language and changes nothing.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from trama.accounts.models import RoleGrant, User
from trama.accounts.roles import Role, ScopeKind
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.calls.capabilities import MANAGE_CALLS, TAKE_PART
from trama.calls.errors import CallErrors
from trama.calls.models import (
    Call,
    CallDocument,
    CallState,
    Criterion,
    DocumentKind,
    ProposalState,
    Question,
)
from trama.calls.requirements import is_eligible
from trama.calls.workflows import CALL_WORKFLOW
from trama.core.deadlines import (
    deadline_moment,
    deadline_open,
    deadline_passed,
    deadline_to_minute,
)
from trama.core.errors import DomainError, StaleObjectError
from trama.core.notifications import notify
from trama.core.uploads import UploadKind, check_upload
from trama.core.workflow import move
from trama.organizations.models import ActivitySector, Organization, OrganizationKind
from trama.projects.models import TargetGroup
from trama.territory.models import Municipality

CALL_FIELDS = (
    "title",
    "kind",
    "purpose",
    "budget_available",
    "min_cofunding_percent",
    "volunteer_hour_rate",
    "requires_runts",
    "requires_local_presence",
    "admission_threshold",
    "score_aggregate",
    "tie_break",
    "questions_deadline",
    "proposals_deadline",
    "evaluation_by",
    "codesign_by",
    "agreement_by",
)
# Fields and relations copied into the next cycle of a recurring call.
TIMELINE_FIELDS = (
    "questions_deadline",
    "proposals_deadline",
    "evaluation_by",
    "codesign_by",
    "agreement_by",
)
CYCLE_COPIED_FIELDS = tuple(name for name in CALL_FIELDS if name not in TIMELINE_FIELDS)
CYCLE_COPIED_RELATIONS = ("target_groups", "municipalities", "required_sectors")
CRITERION_FIELDS = ("title", "description", "max_points", "weight", "position")

MAX_QUESTION_LENGTH = 4000


def _require_manager(actor: User | None) -> None:
    MANAGE_CALLS.require(actor)


def _require_draft(call: Call) -> None:
    if call.state != CallState.DRAFT:
        raise DomainError(
            _(
                "Only a draft call can be changed: once published, its terms are public "
                "and stay as they were published."
            ),
            code="not_draft",
        )


def _lock(call: Call) -> Call:
    """The call's row, locked until the end of the transaction."""
    return Call.objects.select_for_update().get(pk=call.pk)


def _check_fields(fields: Iterable[str], allowed: Iterable[str]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def _validate_call(call: Call) -> None:
    errors: dict[str, list[str]] = {}
    questions, proposals = call.questions_deadline, call.proposals_deadline
    if questions and proposals and questions > proposals:
        errors["questions_deadline"] = [
            _("The deadline for questions cannot be after the deadline for proposals.")
        ]
    # The later steps, when given, follow each other: evaluation, co-design, agreement.
    previous_label, previous = (
        _("the deadline for proposals"),
        timezone.localtime(proposals).date() if proposals else None,
    )
    for name, label in (
        ("evaluation_by", _("the evaluation")),
        ("codesign_by", _("the co-design")),
        ("agreement_by", _("the agreement")),
    ):
        value = getattr(call, name)
        if value is None:
            continue
        if previous is not None and value < previous:
            errors.setdefault(name, []).append(
                _("This date cannot come before %(step)s.") % {"step": previous_label}
            )
        previous_label, previous = label, value
    if call.min_cofunding_percent is not None and not (
        Decimal("0") <= call.min_cofunding_percent <= Decimal("100")
    ):
        errors.setdefault("min_cofunding_percent", []).append(
            _("The co-funding share is a percentage between 0 and 100.")
        )
    try:
        call.full_clean(
            exclude=["version", "created_by", "previous_cycle", *errors],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def _set_relations(
    call: Call,
    *,
    target_groups: Iterable[TargetGroup] | None,
    municipalities: Iterable[Municipality] | None,
    required_sectors: Iterable[ActivitySector] | None,
) -> list[str]:
    changed = []
    for name, values in (
        ("target_groups", target_groups),
        ("municipalities", municipalities),
        ("required_sectors", required_sectors),
    ):
        if values is None:
            continue
        manager = getattr(call, name)
        before = set(manager.values_list("pk", flat=True))
        manager.set(list(values))
        if before != set(manager.values_list("pk", flat=True)):
            changed.append(name)
    return changed


# The call itself -------------------------------------------------------------------------


def _deadlines_to_minute(fields: dict) -> None:
    """Deadlines are to the minute and last the whole minute (trama.core.deadlines)."""
    for name in ("questions_deadline", "proposals_deadline"):
        if fields.get(name) is not None:
            fields[name] = deadline_to_minute(fields[name])


@transaction.atomic
def call_create(
    *,
    actor: User,
    target_groups: Iterable[TargetGroup] = (),
    municipalities: Iterable[Municipality] = (),
    required_sectors: Iterable[ActivitySector] = (),
    **fields,
) -> Call:
    """A new call, in draft. `fields` are the call's own (see CALL_FIELDS); deadlines are
    aware datetimes (the form reads them in Europe/Rome)."""
    _require_manager(actor)
    _check_fields(fields, CALL_FIELDS)
    _deadlines_to_minute(fields)
    call = Call(created_by=actor, state=CallState.DRAFT, **fields)
    _validate_call(call)
    call.save()
    _set_relations(
        call,
        target_groups=target_groups,
        municipalities=municipalities,
        required_sectors=required_sectors,
    )
    access_log_append(actor=actor, action=Action.CREATE, obj=call)
    return call


@transaction.atomic
def call_update(
    *,
    actor: User,
    call: Call,
    version: int,
    target_groups: Iterable[TargetGroup] | None = None,
    municipalities: Iterable[Municipality] | None = None,
    required_sectors: Iterable[ActivitySector] | None = None,
    **changes,
) -> Call:
    """Change a draft call. `version` is the one the editor opened: if someone saved in
    between, nothing is written and StaleObjectError says so."""
    _require_manager(actor)
    _check_fields(changes, CALL_FIELDS)
    _deadlines_to_minute(changes)
    current = _lock(call)
    if current.version != version:
        raise StaleObjectError(
            _(
                "Someone else saved this call while you were editing it. Reload the page "
                "and apply your changes again."
            )
        )
    _require_draft(current)
    before = {name: getattr(current, name) for name in changes}
    for name, value in changes.items():
        setattr(current, name, value)
    _validate_call(current)
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    changed = sorted(name for name in changes if before[name] != getattr(current, name))
    changed += _set_relations(
        current,
        target_groups=target_groups,
        municipalities=municipalities,
        required_sectors=required_sectors,
    )
    access_log_append(
        actor=actor, action=Action.UPDATE, obj=current, details={"fields": sorted(changed)}
    )
    return current


# Criteria ---------------------------------------------------------------------------------


def _validate_criterion(criterion: Criterion) -> None:
    errors: dict[str, list[str]] = {}
    if not (criterion.title or "").strip():
        errors["title"] = [_("Give the criterion a title.")]
    if criterion.max_points is None or criterion.max_points <= 0:
        errors["max_points"] = [_("The maximum points must be more than zero.")]
    if criterion.weight is None or criterion.weight <= 0:
        errors["weight"] = [_("The weight must be more than zero.")]
    try:
        criterion.full_clean(exclude=["call", *errors], validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def criterion_add(
    *,
    actor: User,
    call: Call,
    title: str,
    max_points: Decimal,
    weight: Decimal = Decimal("1"),
    description: str = "",
    position: int | None = None,
) -> Criterion:
    """Add an evaluation criterion to a draft call (at the end unless `position` is given)."""
    _require_manager(actor)
    current = _lock(call)
    _require_draft(current)
    if position is None:
        last = current.criteria.aggregate(last=Max("position"))["last"]
        position = 0 if last is None else last + 1
    criterion = Criterion(
        call=current,
        title=(title or "").strip(),
        description=(description or "").strip(),
        max_points=max_points,
        weight=weight,
        position=position,
    )
    _validate_criterion(criterion)
    criterion.save()
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=criterion,
        details={"call": current.pk, "max_points": str(max_points), "weight": str(weight)},
    )
    return criterion


@transaction.atomic
def criterion_update(*, actor: User, criterion: Criterion, **changes) -> Criterion:
    """Change a criterion of a draft call."""
    _require_manager(actor)
    _check_fields(changes, CRITERION_FIELDS)
    _require_draft(_lock(criterion.call))
    current = Criterion.objects.get(pk=criterion.pk)
    for name, value in changes.items():
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    _validate_criterion(current)
    current.save()
    access_log_append(
        actor=actor,
        action=Action.UPDATE,
        obj=current,
        details={"call": current.call_id, "fields": sorted(changes)},
    )
    return current


@transaction.atomic
def criterion_remove(*, actor: User, criterion: Criterion) -> None:
    """Remove a criterion from a draft call."""
    _require_manager(actor)
    _require_draft(_lock(criterion.call))
    access_log_append(
        actor=actor, action=Action.DELETE, obj=criterion, details={"call": criterion.call_id}
    )
    criterion.delete()


# Documents --------------------------------------------------------------------------------


@transaction.atomic
def call_document_add(
    *, actor: User, call: Call, kind: str, title: str, file: UploadedFile
) -> CallDocument:
    """Attach a public document (PDF) to a call: the notice and annexes while drafting, the
    acts (ranking, minutes, agreement) later. Stores its size and SHA-256."""
    _require_manager(actor)
    current = _lock(call)
    errors: dict[str, list[str]] = {}
    if kind not in DocumentKind.values:
        errors["kind"] = [_("Choose a kind of document from the list.")]
    if not (title or "").strip():
        errors["title"] = [_("Give the document a title.")]
    if current.state == CallState.CANCELLED:
        raise DomainError(
            _("The call was cancelled: no document can be added."), code=CallErrors.CANCELLED
        )
    if errors:
        raise ValidationError(errors)
    facts = check_upload(file, kind=UploadKind.PDF)
    size, sha256 = facts.size, facts.sha256
    file.name = f"{slugify(title)[:80] or 'documento'}.pdf"
    document = CallDocument.objects.create(
        call=current,
        kind=kind,
        title=title.strip(),
        file=file,
        size=size,
        sha256=sha256,
        uploaded_by=actor,
    )
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=document,
        details={"call": current.pk, "kind": kind, "size": size, "sha256": sha256},
    )
    return document


@transaction.atomic
def call_document_remove(*, actor: User, document: CallDocument) -> None:
    """Remove a document of a draft call (a published document is a public act and stays)."""
    _require_manager(actor)
    current = _lock(document.call)
    if current.state != CallState.DRAFT:
        raise DomainError(
            _("A document of a published call is a public act: it cannot be removed."),
            code=CallErrors.PUBLIC_DOCUMENT,
        )
    access_log_append(
        actor=actor,
        action=Action.DELETE,
        obj=document,
        details={"call": current.pk, "sha256": document.sha256},
    )
    name, storage = document.file.name, document.file.storage
    document.delete()
    transaction.on_commit(lambda: storage.delete(name))


# Transitions ------------------------------------------------------------------------------


def _move(
    *, actor: User, call: Call, current: Call, target: str, changes=None, details=None
) -> Call:
    before = current.state
    current = move(
        CALL_WORKFLOW,
        current,
        target,
        actor=actor,
        changes=changes,
        details={"state": [before, target], **(details or {})},
    )
    # The caller's object follows, so a page can show the new state without reloading.
    call.state, call.version, call.publication_date = (
        current.state,
        current.version,
        current.publication_date,
    )
    return current


@transaction.atomic
def call_publish(*, actor: User, call: Call) -> Call:
    """Draft → published. Refused unless the call has at least one evaluation criterion and
    both its deadlines (questions, proposals) are still ahead. Sets the publication date to
    today and tells the members of every ETS that meets the requirements."""
    _require_manager(actor)
    current = _lock(call)
    CALL_WORKFLOW.check(current.state, CallState.PUBLISHED)
    problems = []
    if not current.criteria.exists():
        problems.append(_("it has no evaluation criterion"))
    now = timezone.now()
    if deadline_passed(current.questions_deadline, now):
        problems.append(
            _("the deadline for questions (%(deadline)s) has passed")
            % {"deadline": deadline_moment(current.questions_deadline)}
        )
    if deadline_passed(current.proposals_deadline, now):
        problems.append(
            _("the deadline for proposals (%(deadline)s) has passed")
            % {"deadline": deadline_moment(current.proposals_deadline)}
        )
    if problems:
        raise DomainError(
            _(
                "The call cannot be published: %(problems)s. A call is published with at "
                "least one evaluation criterion and with its deadlines still ahead."
            )
            % {"problems": "; ".join(problems)},
            code="not_publishable",
        )
    published = _move(
        actor=actor,
        call=call,
        current=current,
        target=CallState.PUBLISHED,
        changes={"publication_date": timezone.localdate()},
    )
    _notify_published(published)
    return published


@transaction.atomic
def call_close(*, actor: User, call: Call) -> Call:
    """Published → closed, once the deadline for proposals has passed (server time)."""
    _require_manager(actor)
    current = _lock(call)
    CALL_WORKFLOW.check(current.state, CallState.CLOSED)
    if deadline_open(current.proposals_deadline):
        raise DomainError(
            _(
                "The call cannot be closed before its deadline for proposals (%(deadline)s): "
                "applicants may still submit."
            )
            % {"deadline": deadline_moment(current.proposals_deadline)},
            code="before_deadline",
        )
    return _move(actor=actor, call=call, current=current, target=CallState.CLOSED)


@transaction.atomic
def call_start_evaluation(*, actor: User, call: Call) -> Call:
    """Closed → under evaluation: the committee may start scoring."""
    _require_manager(actor)
    current = _lock(call)
    CALL_WORKFLOW.check(current.state, CallState.EVALUATION)
    return _move(actor=actor, call=call, current=current, target=CallState.EVALUATION)


@transaction.atomic
def call_mark_ranked(*, actor: User, call: Call) -> Call:
    """Under evaluation → ranked. Called by the evaluation's ranking service, which has
    already checked who may rank; this only checks the state machine."""
    current = _lock(call)
    CALL_WORKFLOW.check(current.state, CallState.RANKED)
    return _move(actor=actor, call=call, current=current, target=CallState.RANKED)


@transaction.atomic
def call_start_codesign(*, actor: User, call: Call) -> Call:
    """Ranked → in co-design. Called by the co-design services (state machine check only)."""
    current = _lock(call)
    CALL_WORKFLOW.check(current.state, CallState.CO_DESIGN)
    return _move(actor=actor, call=call, current=current, target=CallState.CO_DESIGN)


@transaction.atomic
def call_conclude(*, actor: User, call: Call) -> Call:
    """Ranked or in co-design → concluded, when the agreement is signed. Called by the
    agreement service (state machine check only)."""
    current = _lock(call)
    CALL_WORKFLOW.check(current.state, CallState.CONCLUDED)
    return _move(actor=actor, call=call, current=current, target=CallState.CONCLUDED)


@transaction.atomic
def call_cancel(*, actor: User, call: Call, reason: str) -> Call:
    """Any state before concluded → cancelled, with the reason, which is logged and sent to
    the applicants (the members of every organisation leading a proposal not withdrawn)."""
    _require_manager(actor)
    current = _lock(call)
    CALL_WORKFLOW.check(current.state, CallState.CANCELLED)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Give the reason for cancelling the call."),
            field="reason",
            code=CallErrors.REASON_REQUIRED,
        )
    cancelled = _move(
        actor=actor,
        call=call,
        current=current,
        target=CallState.CANCELLED,
        changes={"cancellation_reason": reason},
        details={"reason": reason},
    )
    call.cancellation_reason = reason
    _notify_cancelled(cancelled, reason)
    return cancelled


def _shift_instant(moment: datetime.datetime, days: int) -> datetime.datetime:
    """`moment` moved by whole days on the Rome calendar, keeping its wall-clock time (a
    deadline at 12:00 stays at 12:00 across a change of daylight-saving time)."""
    local = timezone.localtime(moment)
    return timezone.make_aware(
        datetime.datetime.combine(local.date() + datetime.timedelta(days=days), local.time())
    )


@transaction.atomic
def call_new_cycle(*, actor: User, previous: Call) -> Call:
    """The next cycle of a recurring call, as a new draft: a copy of `previous` (its terms,
    requirements, target groups, municipalities and criteria; not its documents, questions
    or proposals, which belong to that cycle) with `cycle` + 1 and `previous_cycle` set.

    The timeline moves on by the distance from the previous publication to today: a call
    published on 1 March with proposals due on 31 March, renewed on 10 September, gets its
    proposals due on 10 October (the same number of days, at the same time of day in
    Rome). The new cycle's publication date is left empty: `call_publish` sets it. Only one
    next cycle per call; a draft cannot be renewed (it was never published)."""
    _require_manager(actor)
    source = _lock(previous)
    if source.state == CallState.DRAFT:
        raise DomainError(
            _("A draft has no cycle to renew: publish it, or change it instead."),
            code="draft_cycle",
        )
    existing = source.next_cycles.first()
    if existing is not None:
        raise DomainError(
            _("The next cycle of this call already exists (cycle %(cycle)s).")
            % {"cycle": existing.cycle},
            code="cycle_exists",
        )
    today = timezone.localdate()
    published_on = source.publication_date or timezone.localtime(source.created_at).date()
    days = max((today - published_on).days, 0)
    shift = datetime.timedelta(days=days)
    call = Call(
        **{name: getattr(source, name) for name in CYCLE_COPIED_FIELDS},
        questions_deadline=_shift_instant(source.questions_deadline, days),
        proposals_deadline=_shift_instant(source.proposals_deadline, days),
        evaluation_by=source.evaluation_by + shift if source.evaluation_by else None,
        codesign_by=source.codesign_by + shift if source.codesign_by else None,
        agreement_by=source.agreement_by + shift if source.agreement_by else None,
        state=CallState.DRAFT,
        cycle=source.cycle + 1,
        previous_cycle=source,
        created_by=actor,
    )
    call.save()
    for name in CYCLE_COPIED_RELATIONS:
        getattr(call, name).set(list(getattr(source, name).all()))
    Criterion.objects.bulk_create(
        Criterion(
            call=call,
            position=criterion.position,
            title=criterion.title,
            description=criterion.description,
            max_points=criterion.max_points,
            weight=criterion.weight,
        )
        for criterion in source.criteria.order_by("position", "id")
    )
    access_log_append(
        actor=actor,
        action=Action.CREATE,
        obj=call,
        details={"previous_cycle": source.pk, "cycle": call.cycle, "shift_days": days},
    )
    return call


# Questions and answers --------------------------------------------------------------------


@transaction.atomic
def question_ask(
    *, actor: User, call: Call, text: str, organization: Organization | None = None
) -> Question:
    """An ETS member's question about a published call, until its deadline for questions
    (decided on the server). The question is stored with its asker and organisation, which
    are never published."""
    TAKE_PART.require(actor)
    own = actor.scope_ids(Role.ETS_MEMBER, ScopeKind.ORGANIZATION)
    if organization is None:
        organization = Organization.objects.filter(pk__in=own).order_by("pk").first()
    elif organization.pk not in own:
        raise PermissionDenied
    current = Call.objects.get(pk=call.pk)
    if current.state != CallState.PUBLISHED:
        raise DomainError(
            _("Questions can be asked only while the call is open."), code=CallErrors.NOT_PUBLISHED
        )
    now = timezone.now()
    if deadline_passed(current.questions_deadline, now):
        raise DomainError(
            _(
                "The deadline for questions on this call was %(deadline)s: no more questions "
                "are accepted. The published answers stay on the call's page."
            )
            % {"deadline": deadline_moment(current.questions_deadline)},
            field="text",
            code="questions_closed",
        )
    text = (text or "").strip()
    if not text:
        raise DomainError(
            _("Write your question."), field="text", code=CallErrors.QUESTION_REQUIRED
        )
    if len(text) > MAX_QUESTION_LENGTH:
        raise DomainError(
            _("A question can be at most %(limit)s characters long.")
            % {"limit": MAX_QUESTION_LENGTH},
            field="text",
            code=CallErrors.QUESTION_TOO_LONG,
        )
    question = Question.objects.create(
        call=current, text=text, asked_by=actor, organization=organization, asked_at=now
    )
    access_log_append(actor=actor, action=Action.CREATE, obj=question, details={"call": call.pk})
    return question


@transaction.atomic
def question_answer(*, actor: User, question: Question, answer: str) -> Question:
    """The coordinator's answer, published at once to everyone without the asker's name;
    the asker is told the first time. An answer can be corrected (the new text replaces
    it, the log keeps the trace)."""
    _require_manager(actor)
    answer = (answer or "").strip()
    if not answer:
        raise DomainError(_("Write the answer."), field="answer", code=CallErrors.ANSWER_REQUIRED)
    current = Question.objects.select_for_update().select_related("call").get(pk=question.pk)
    if current.call.state == CallState.CANCELLED:
        raise DomainError(
            _("The call was cancelled: its questions are no longer answered."),
            code=CallErrors.CANCELLED,
        )
    first = current.answered_at is None
    current.answer = answer
    current.answered_by = actor
    current.answered_at = timezone.now()
    current.save(update_fields=["answer", "answered_by", "answered_at"])
    access_log_append(
        actor=actor,
        action=Action.UPDATE,
        obj=current,
        details={"call": current.call_id, "first_answer": first},
    )
    if first:
        _notify_answered(current)
    return current


# Notifications ----------------------------------------------------------------------------


def _members(organization_ids: Iterable[int]) -> list[User]:
    """The active members with an e-mail of the organisations, each once, in one query."""
    grants = RoleGrant.objects.filter(
        role=Role.ETS_MEMBER,
        scope_kind=ScopeKind.ORGANIZATION,
        scope_id__in=list(organization_ids),
        revoked_at__isnull=True,
    )
    return list(
        User.objects.filter(pk__in=grants.values("user_id"), is_active=True)
        .exclude(email="")
        .order_by("pk")
    )


def _notify_published(call: Call) -> None:
    """The members of every ETS meeting the call's requirements learn of the new call."""
    call = Call.objects.prefetch_related("required_sectors").get(pk=call.pk)
    organizations = (
        Organization.objects.filter(kind=OrganizationKind.ETS)
        .select_related("municipality")
        .prefetch_related("sectors", "municipalities_served")
    )
    eligible = [org.pk for org in organizations if is_eligible(call, org)]
    title, deadline = call.title, call.proposals_deadline
    notify(
        _members(eligible),
        subject=lambda: _("New call: %(title)s") % {"title": title},
        body=lambda: (
            _(
                "The consortium has published the call “%(title)s”. Your organisation meets its "
                "requirements. Proposals are accepted until %(deadline)s."
            )
            % {"title": title, "deadline": deadline_moment(deadline)}
        ),
        url_name="public:call_detail",
        url_args=[call.pk],
    )


def _notify_cancelled(call: Call, reason: str) -> None:
    leads = (
        call.proposals.exclude(state=ProposalState.WITHDRAWN)
        .values_list("lead_id", flat=True)
        .distinct()
    )
    title = call.title
    notify(
        _members(leads),
        subject=lambda: _("Call cancelled: %(title)s") % {"title": title},
        body=lambda: (
            _("The consortium has cancelled the call “%(title)s”. Reason: %(reason)s")
            % {"title": title, "reason": reason}
        ),
        url_name="public:call_detail",
        url_args=[call.pk],
    )


def _notify_answered(question: Question) -> None:
    title = question.call.title
    notify(
        [question.asked_by],
        subject=lambda: _("Your question on “%(title)s” has an answer") % {"title": title},
        body=lambda: (
            _(
                "The consortium has answered your question on the call “%(title)s”. The answer "
                "is published on the call's page, without your name."
            )
            % {"title": title}
        ),
        url_name="public:call_detail",
        url_args=[question.call_id],
    )
