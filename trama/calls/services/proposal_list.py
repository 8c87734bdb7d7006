"""The export of a call's list of proposals (issue 9, point 12): the rows and columns the
coordinator's page shows, every page of it, in the page's order, as CSV or XLSX with
Italian headers. Written to the access log."""

from django.utils import translation

from trama.accounts.models import User
from trama.audit.models import Action
from trama.audit.services import access_log_append
from trama.calls.models import Call
from trama.calls.selectors.proposal_list import ProposalRow, proposal_table
from trama.core.deadlines import local_moment
from trama.core.tabular import ExportFile, export_file


def _cells(row: ProposalRow, show_scores: bool) -> list[object]:
    proposal = row.proposal
    cells: list[object] = [
        proposal.title,
        proposal.lead.name,
        str(proposal.get_state_display()),
        proposal.total_budget,
        local_moment(proposal.submitted_at),
    ]
    if show_scores:
        cells.append(row.total)
        cells += row.means
    return cells


def proposal_list_export(
    *, actor: User, call: Call, sort: str | None, file_format: str
) -> ExportFile:
    """Every submitted proposal of `call`, sorted as the page is, as `file_format` ("csv"
    or "xlsx"); another format is refused (DomainError) and nothing is logged."""
    with translation.override("it"):
        table = proposal_table(user=actor, call=call, sort=sort)
        rows = table.rows(table.proposals)
        export = export_file(
            [header.label for header in table.headers],
            [_cells(row, table.show_scores) for row in rows],
            file_format=file_format,
            title=translation.gettext("Proposals"),
            filename_stem=f"proposte-avviso-{call.pk}",
        )
    access_log_append(
        actor=actor,
        action=Action.EXPORT,
        obj=call,
        details={
            "what": "proposals",
            "format": file_format,
            "sort": table.sort.param,
            "count": len(rows),
            "scores": table.show_scores,
        },
    )
    return export
