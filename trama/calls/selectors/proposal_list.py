"""The coordinator's list of a call's submitted proposals (issue 9, point 12): sortable by
any column, paginated by the view, with each proposal's committee total and per-criterion
means once the committee has finished scoring.

The means come from the database as annotations (a sum and a count of the evaluators'
points per criterion, one conditional aggregate per criterion over a single join), so the
page issues the same number of queries for 3 proposals as for 3,000. They are rounded as
the ranking rounds (half up, two places). The committee total is the one the ranking
stored (mean or median, weighted, as the call says); before the ranking there is none.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Lower, NullIf
from django.utils.translation import gettext as _

from trama.accounts.models import User
from trama.calls.capabilities import OVERSEE_PROPOSALS
from trama.calls.models import Call, Criterion, Proposal, ProposalState
from trama.calls.selectors.evaluation import scores_visible_to_all
from trama.core.sorting import Column, Sort, SortHeader, parse_sort, sort_headers
from trama.ranking import round_points

PAGE_SIZE = 25
DEFAULT_SORT = Sort("submitted")
_STATE_ORDER = {state: index for index, state in enumerate(ProposalState.values)}


def _sum_key(criterion_id: int) -> str:
    return f"points_sum_{criterion_id}"


def _count_key(criterion_id: int) -> str:
    return f"points_count_{criterion_id}"


def _mean_key(criterion_id: int) -> str:
    return f"points_mean_{criterion_id}"


def criterion_sort_key(criterion: Criterion) -> str:
    return f"c{criterion.pk}"


@dataclass(frozen=True)
class ProposalRow:
    proposal: Proposal
    means: list[Decimal | None]  # one per criterion, in the criteria's order

    @property
    def total(self) -> Decimal | None:
        return self.proposal.committee_score


@dataclass(frozen=True)
class ProposalTable:
    call: Call
    criteria: list[Criterion]
    show_scores: bool  # the committee has finished: totals and means may be read
    sort: Sort
    headers: list[SortHeader]
    proposals: QuerySet[Proposal]  # sorted, annotated; the view paginates it

    def rows(self, proposals) -> list[ProposalRow]:
        """The rows of some of `proposals` (a page), with the means rounded."""
        rows = []
        for proposal in proposals:
            means = []
            for criterion in self.criteria if self.show_scores else ():
                total = getattr(proposal, _sum_key(criterion.pk))
                number = getattr(proposal, _count_key(criterion.pk))
                means.append(round_points(Decimal(total) / number) if number else None)
            rows.append(ProposalRow(proposal=proposal, means=means))
        return rows


def _columns(criteria: list[Criterion], show_scores: bool) -> list[Column]:
    columns = [
        Column("title", _("Proposal")),
        Column("lead", _("Lead organisation")),
        Column("state", _("State")),
        Column("budget", _("Total (€)"), numeric=True),
        Column("submitted", _("Submitted on (Italian time)")),
    ]
    if show_scores:
        columns.append(Column("total", _("Committee total"), numeric=True))
        columns += [
            Column(
                criterion_sort_key(c),
                _("Mean: %(criterion)s") % {"criterion": c.title},
                numeric=True,
            )
            for c in criteria
        ]
    return columns


def _order_expression(key: str, criteria: list[Criterion]):
    if key == "title":
        return Lower("title")
    if key == "lead":
        return F("lead__search_name")
    if key == "state":
        return Case(
            *(When(state=state, then=Value(index)) for state, index in _STATE_ORDER.items()),
            default=Value(len(_STATE_ORDER)),
            output_field=IntegerField(),
        )
    if key == "budget":
        return F("total_budget")
    if key == "submitted":
        return F("submitted_at")
    if key == "total":
        return F("committee_score")
    for criterion in criteria:
        if key == criterion_sort_key(criterion):
            return F(_mean_key(criterion.pk))
    raise ValueError(key)  # parse_sort only lets the columns' keys through


def proposal_table(*, user: User, call: Call, sort: str | None = None) -> ProposalTable:
    """The submitted proposals of `call` for the coordinator, sorted by the `sort` value of
    the query string ("title", "-total", "c12" for criterion 12's mean...; an unknown one
    gives the order of submission), ties broken by id (ascending
    either way), missing scores last."""
    OVERSEE_PROPOSALS.require(user)
    criteria = list(Criterion.objects.filter(call=call).order_by("position", "pk"))
    show_scores = scores_visible_to_all(call)
    columns = _columns(criteria, show_scores)
    current = parse_sort(sort, allowed=[c.key for c in columns], default=DEFAULT_SORT)
    proposals = Proposal.objects.filter(call=call, submitted_at__isnull=False).select_related(
        "lead"
    )
    if show_scores:
        annotations = {}
        for criterion in criteria:
            of_criterion = Q(scores__criterion_id=criterion.pk)
            annotations[_sum_key(criterion.pk)] = Sum("scores__points", filter=of_criterion)
            annotations[_count_key(criterion.pk)] = Count("scores", filter=of_criterion)
        proposals = proposals.annotate(**annotations)
        proposals = proposals.annotate(
            **{
                # Only for sorting (as a float: SQLite would divide integers as integers).
                _mean_key(c.pk): ExpressionWrapper(
                    Cast(F(_sum_key(c.pk)), FloatField()) / NullIf(F(_count_key(c.pk)), Value(0)),
                    output_field=FloatField(),
                )
                for c in criteria
            }
        )
    expression = _order_expression(current.key, criteria)
    ordered = (
        expression.desc(nulls_last=True) if current.descending else expression.asc(nulls_last=True)
    )
    return ProposalTable(
        call=call,
        criteria=criteria,
        show_scores=show_scores,
        sort=current,
        headers=sort_headers(columns, current),
        proposals=proposals.order_by(ordered, "id"),
    )
