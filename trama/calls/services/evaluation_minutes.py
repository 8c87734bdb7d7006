"""The minutes (verbale) of a call's evaluation committee, built from the data and rendered
as a PDF (WeasyPrint, local fonts only): the call, the committee and its roles, the
declarations of conflict of interest, every evaluator's points and justification per
criterion, the committee's scores, the ranking with the threshold and the tie-break rule."""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from trama.accounts.models import User
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.calls.errors import CallErrors
from trama.calls.models import Call, CommitteeMember, Criterion, ScoreAggregate, TieBreak
from trama.calls.selectors import evaluation as selectors
from trama.core.errors import DomainError
from trama.core.pdf import render_pdf
from trama.ranking import Aggregate, committee_score


@dataclass
class CriterionLine:
    criterion: Criterion
    committee_score: Decimal | None
    scores: list = field(default_factory=list)  # Score rows, with their evaluator


@dataclass
class ProposalSection:
    proposal: object
    lines: list[CriterionLine]
    abstained: list  # ConflictDeclaration rows with has_conflict


def minutes_context(call: Call) -> dict:
    """Everything the minutes show, in a fixed number of queries."""
    criteria = selectors.criteria_of(call)
    committee: list[CommitteeMember] = selectors.committee_list(call=call)
    aggregate = Aggregate(call.score_aggregate)
    sections = []
    conflicts = []
    for proposal in selectors.minutes_data_queryset(call):
        by_criterion: dict[int, list] = {c.pk: [] for c in criteria}
        for score in proposal.scores.all():
            by_criterion.setdefault(score.criterion_id, []).append(score)
        lines = [
            CriterionLine(
                criterion=c,
                committee_score=committee_score([s.points for s in by_criterion[c.pk]], aggregate)
                if by_criterion[c.pk]
                else None,
                scores=by_criterion[c.pk],
            )
            for c in criteria
        ]
        abstained = [d for d in proposal.conflict_declarations.all() if d.has_conflict]
        conflicts.extend((proposal, d) for d in abstained)
        sections.append(ProposalSection(proposal=proposal, lines=lines, abstained=abstained))
    ranked = sorted(
        (s for s in sections if s.proposal.rank is not None), key=lambda s: s.proposal.rank
    )
    totals = Counter(s.proposal.committee_score for s in ranked)
    return {
        "call": call,
        "consortium": settings.TRAMA_CONSORTIUM_NAME,
        "committee": committee,
        "criteria": criteria,
        "sections": sections,
        "ranked": ranked,
        # Proposals whose order the tie-break rule decided (equal totals).
        "tied": {s.proposal.pk for s in ranked if totals[s.proposal.committee_score] > 1},
        "conflicts": conflicts,
        "aggregate_label": ScoreAggregate(call.score_aggregate).label,
        "tie_break_label": TieBreak(call.tie_break).label,
        "generated_at": timezone.localtime(),
    }


def minutes_pdf_render(call: Call) -> bytes:
    return render_pdf(
        "calls/evaluation/minutes_pdf.html",
        minutes_context(call),
        stylesheet="calls/minutes_pdf.css",
    )


def minutes_export(*, actor: User, call: Call) -> bytes:
    """The minutes PDF for the coordinator or a committee member, once the ranking exists;
    every download is written to the access log."""
    if not selectors.may_download_minutes(actor, call):
        raise DomainError(
            _("Only the coordinator and the committee can read the minutes."),
            code=CallErrors.MINUTES_RESTRICTED,
        )
    if call.state not in selectors.RANKED_STATES:
        raise DomainError(
            _("The minutes are available once the ranking is computed."), code=CallErrors.NOT_RANKED
        )
    pdf = minutes_pdf_render(call)
    access_log_append(actor=actor, action=Action.EXPORT, obj=call, details={"document": "minutes"})
    return pdf
