"""Screening pages: the questionnaire of one instrument for a person, and the person's
results over time (charted, with the data table beside the chart)."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from trama.casework import selectors, services
from trama.casework.forms import TimelineOpenForm
from trama.casework.models import Screening
from trama.casework.screening_forms import ScreeningForm
from trama.casework.views import _person_or_404
from trama.core.charts import Chart, ChartTable, line_chart
from trama.core.forms import apply_service_error
from trama.core.policy import capability_required
from trama.people import selectors as people_selectors
from trama.people.capabilities import OPEN_PERSON, WRITE_PEOPLE
from trama.people.views import opened_with_purpose
from trama.screening import INSTRUMENTS, Instrument


@dataclass(frozen=True)
class InstrumentResults:
    """One instrument's results for a person: oldest first for the chart and the table."""

    instrument: Instrument
    name: str
    rows: list[Screening]
    latest: Screening
    chart: Chart  # with its table: date, total, each domain's total, above the threshold


def results_by_instrument(
    screenings, *, chart_prefix: str = "screening"
) -> list[InstrumentResults]:
    """Group a person's screenings (any order) by instrument, with one chart each."""
    groups = []
    for code, instrument in INSTRUMENTS.items():
        rows = sorted(
            (s for s in screenings if s.instrument == code), key=lambda s: (s.taken_on, s.pk)
        )
        if not rows:
            continue
        name = _(instrument.name)
        description = _(
            "Total score of each screening, from %(first)s to %(last)s; range %(minimum)d–"
            "%(maximum)d. The table beside the chart lists the same values."
        ) % {
            "first": date_format(rows[0].taken_on, "SHORT_DATE_FORMAT"),
            "last": date_format(rows[-1].taken_on, "SHORT_DATE_FORMAT"),
            "minimum": instrument.minimum,
            "maximum": instrument.maximum,
        }
        threshold_label = ""
        if instrument.threshold is not None:
            threshold_label = _("%(label)s from %(threshold)d") % {
                "label": _(instrument.threshold_label),
                "threshold": instrument.threshold,
            }
        domain_labels = [_(d.label) for d in instrument.domains]
        has_threshold = instrument.threshold is not None
        chart = line_chart(
            [(s.taken_on, s.total) for s in rows],
            chart_id=f"{chart_prefix}-{code}",
            title=_("%(instrument)s: totals over time") % {"instrument": name},
            description=description,
            y_min=instrument.minimum,
            y_max=instrument.maximum,
            threshold=instrument.threshold,
            threshold_label=threshold_label,
            table=ChartTable(
                caption=_("%(name)s: the values of the chart") % {"name": name},
                columns=(
                    _("Date"),
                    _("Total"),
                    *domain_labels,
                    *([_("Above the threshold")] if has_threshold else []),
                ),
                rows=tuple(
                    (
                        s.taken_on,
                        s.total,
                        *(s.domain_totals.get(d.code) for d in instrument.domains),
                        *([_("yes") if s.flagged else _("no")] if has_threshold else []),
                    )
                    for s in rows
                ),
            ),
        )
        groups.append(
            InstrumentResults(
                instrument=instrument,
                name=name,
                rows=rows,
                latest=rows[-1],
                chart=chart,
            )
        )
    return groups


@capability_required(WRITE_PEOPLE)
def screening_create(request, person_pk: int, instrument: str):
    definition = INSTRUMENTS.get(instrument)
    if definition is None:
        raise Http404
    person = _person_or_404(request, person_pk)
    form = ScreeningForm(
        request.POST or None,
        instrument=definition,
        hubs=people_selectors.hubs_for(user=request.user),
        initial={"hub": person.reference_hub_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            screening = services.screening_record(
                actor=request.user,
                person=person,
                instrument=definition.code,
                answers=form.answers(),
                taken_on=form.cleaned_data["taken_on"],
                hub=form.cleaned_data["hub"],
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(
                request,
                _("Screening recorded. %(summary)s.")
                % {"summary": selectors.screening_summary(screening)},
            )
            return redirect("casework:screening_list", person_pk=person.pk)
    return render(
        request,
        "casework/screening_form.html",
        {"form": form, "person": person, "title": _(definition.name), "instrument": definition},
    )


@capability_required(OPEN_PERSON)
def screening_list(request, person_pk: int):
    """First the purpose, then the results: each open is logged like the person's record."""
    person = _person_or_404(request, person_pk)
    form = TimelineOpenForm(request.POST or None)
    screenings = opened_with_purpose(
        request,
        form,
        lambda **purpose: services.screening_list_open(
            actor=request.user, person_id=person.pk, **purpose
        ),
    )
    if screenings is None:
        return render(request, "casework/screening_open.html", {"form": form, "person": person})
    return render(
        request,
        "casework/screening_list.html",
        {
            "person": person,
            "screenings": screenings,
            "results": results_by_instrument(screenings),
            "instruments": [(code, _(i.name)) for code, i in INSTRUMENTS.items()],
            "can_write": WRITE_PEOPLE.allows(request.user),
        },
    )
