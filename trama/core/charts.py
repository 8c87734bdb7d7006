"""Charts for every app, drawn on the server as SVG: no script and no inline style (the CSP
forbids both), readable in print. Each builder returns a `Chart`, a plain object holding the
SVG and the chart's data table; `{% load trama_charts %}{% chart c %}` shows both, the table
being the accessible equivalent of the picture. The SVG is an image (`role="img"`) named by
its title (or by a heading of the page) and described by a summary of the values. Colours
come only from the classes in `core/charts.css`: `trama-chart-series-<n>` for the n-th
series of a stacked chart."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from trama.core.formatting import date_short, number

Number = int | float | Decimal

# Geometry, in SVG units: the drawings scale to their box (viewBox, width 100% in the CSS).
LINE_WIDTH = 600
LINE_HEIGHT = 240
MARGIN_LEFT = 48
MARGIN_RIGHT = 16
MARGIN_TOP = 24
MARGIN_BOTTOM = 40
BAR_WIDTH = 640
LABEL_WIDTH = 230
VALUE_GAP = 6
VALUE_WIDTH = 48
BAR_HEIGHT = 22
ROW_GAP = 10
LEGEND_ROW = 22
MAX_LABEL_CHARS = 30
SERIES_CLASSES = 6  # trama-chart-series-0 … -5 in core/charts.css, then they repeat


@dataclass(frozen=True)
class ChartTable:
    """The chart's values as a table: the first cell of each row is its header. Cells are
    numbers (shown in the reader's format, right-aligned), dates, text, or None ("—")."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


@dataclass(frozen=True)
class Chart:
    chart_id: str  # unique on the page: the ids inside the SVG derive from it
    kind: str  # "line", "bar", "stacked"
    title: str
    description: str  # what the chart shows, for who cannot see it
    svg: SafeString  # empty when there is nothing to draw
    table: ChartTable
    table_in_details: bool = False  # the table folded in a <details> under the chart

    @property
    def is_empty(self) -> bool:
        return not self.table.rows


@dataclass(frozen=True)
class Series:
    """One layer of a stacked chart: its label (legend, table column) and one value per
    category, in the categories' order."""

    label: str
    values: tuple[Number, ...]


def display(value: object) -> str:
    """A value as the chart and its table write it."""
    if value is None:
        return "—"
    if isinstance(value, int) or (isinstance(value, float | Decimal) and value == int(value)):
        return str(int(value))
    if isinstance(value, float | Decimal):
        return number(value, 1)
    if isinstance(value, datetime.date):
        return date_short(value)
    return str(value)


def bar_lengths(values: Sequence[Number], room: float) -> list[float]:
    """Each value's bar length in `room` units, proportional to the largest (0 when all are 0);
    negative values draw no bar."""
    top = max((float(v) for v in values), default=0.0)
    if top <= 0:
        return [0.0 for _ in values]
    return [room * max(float(value), 0.0) / top for value in values]


def _join(parts: Sequence[SafeString]) -> SafeString:
    return format_html_join("", "{}", ((part,) for part in parts))


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def _svg(
    *,
    chart_id: str,
    css: str,
    width: float,
    height: float,
    title: str,
    description: str,
    labelledby: str,
    body: SafeString,
) -> SafeString:
    return format_html(
        '<svg class="{}" viewBox="0 0 {} {}" role="img" aria-labelledby="{}" '
        'aria-describedby="{}-desc" focusable="false">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        css,
        width,
        height,
        labelledby or f"{chart_id}-title",
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        body,
    )


def _empty(chart_id: str, kind: str, title: str, table: ChartTable) -> Chart:
    return Chart(
        chart_id=chart_id,
        kind=kind,
        title=title,
        description=_("No data to show."),
        svg=mark_safe(""),  # noqa: S308 - a constant empty string
        table=ChartTable(caption=table.caption, columns=table.columns, rows=()),
    )


# Line -------------------------------------------------------------------------------------


def _ticks(low: int, high: int, most: int = 6) -> list[int]:
    step = max(1, -(-(high - low) // (most - 1)))
    ticks = list(range(low, high + 1, step))
    if ticks[-1] != high:
        ticks.append(high)
    return ticks


def line_chart(
    points: Sequence[tuple[datetime.date, Number]],
    *,
    chart_id: str,
    title: str,
    y_min: int,
    y_max: int,
    value_label: str = "",
    description: str = "",
    threshold: Number | None = None,
    threshold_label: str = "",
    table: ChartTable | None = None,
    labelledby: str = "",
    table_in_details: bool = False,
) -> Chart:
    """Values over dates, oldest to newest, x proportional to time, y from `y_min` to
    `y_max`; `threshold` draws a dashed horizontal line. The table lists date and value
    unless the caller gives a fuller one (`table`, same rows in the same order)."""
    points = sorted(points)
    table = table or ChartTable(
        caption=title,
        columns=(_("Date"), value_label or _("Value")),
        rows=tuple((day, value) for day, value in points),
    )
    if not points:
        return _empty(chart_id, "line", title, table)
    plot_w = LINE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = LINE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    span_y = max(1, y_max - y_min)
    first, last = points[0][0], points[-1][0]
    days = (last - first).days

    def y_of(value: Number) -> float:
        return round(MARGIN_TOP + plot_h * (1 - (float(value) - y_min) / span_y), 1)

    def x_of(day: datetime.date) -> float:
        if not days:
            return round(MARGIN_LEFT + plot_w / 2, 1)
        return round(MARGIN_LEFT + plot_w * (day - first).days / days, 1)

    bottom = MARGIN_TOP + plot_h
    right = LINE_WIDTH - MARGIN_RIGHT
    grid = format_html_join(
        "",
        '<line class="trama-chart-grid" x1="{}" y1="{}" x2="{}" y2="{}"/>'
        '<text class="trama-chart-label" x="{}" y="{}" text-anchor="end">{}</text>',
        (
            (MARGIN_LEFT, y_of(t), right, y_of(t), MARGIN_LEFT - 8, y_of(t) + 5, t)
            for t in _ticks(y_min, y_max)
        ),
    )
    ends = [(first, "middle")] if not days else [(first, "start"), (last, "end")]
    x_labels = format_html_join(
        "",
        '<text class="trama-chart-label" x="{}" y="{}" text-anchor="{}">{}</text>',
        ((x_of(day), bottom + 24, anchor, date_short(day)) for day, anchor in ends),
    )
    threshold_line = ""
    if threshold is not None:
        threshold_line = format_html(
            '<line class="trama-chart-threshold" x1="{}" y1="{}" x2="{}" y2="{}"/>'
            '<text class="trama-chart-label trama-chart-threshold-label" x="{}" y="{}" '
            'text-anchor="start">{}</text>',
            MARGIN_LEFT,
            y_of(threshold),
            right,
            y_of(threshold),
            MARGIN_LEFT + 6,
            y_of(threshold) - 6,
            threshold_label,
        )
    line = ""
    if len(points) > 1:
        line = format_html(
            '<polyline class="trama-chart-line" points="{}"/>',
            " ".join(f"{x_of(day)},{y_of(value)}" for day, value in points),
        )
    markers = format_html_join(
        "",
        '<circle class="trama-chart-point" cx="{}" cy="{}" r="4"><title>{}: {}</title></circle>',
        ((x_of(day), y_of(value), date_short(day), display(value)) for day, value in points),
    )
    values = [value for _day, value in points]
    description = description or _(
        "From %(first)s to %(last)s: lowest %(low)s, highest %(high)s, latest %(latest)s. "
        "The table lists every value."
    ) % {
        "first": date_short(first),
        "last": date_short(last),
        "low": display(min(values)),
        "high": display(max(values)),
        "latest": display(values[-1]),
    }
    body = format_html(
        '<line class="trama-chart-axis" x1="{}" y1="{}" x2="{}" y2="{}"/>{}{}{}{}{}',
        MARGIN_LEFT,
        bottom,
        right,
        bottom,
        grid,
        threshold_line,
        line,
        markers,
        x_labels,
    )
    svg = _svg(
        chart_id=chart_id,
        css="trama-chart",
        width=LINE_WIDTH,
        height=LINE_HEIGHT,
        title=title,
        description=description,
        labelledby=labelledby,
        body=body,
    )
    return Chart(chart_id, "line", title, description, svg, table, table_in_details)


# Bars -------------------------------------------------------------------------------------


def _bar_row(index: int) -> tuple[float, float]:
    """The top and the middle of the n-th bar."""
    top = ROW_GAP + index * (BAR_HEIGHT + ROW_GAP)
    return top, top + BAR_HEIGHT / 2


def bar_chart(
    rows: Sequence[tuple[str, Number]],
    *,
    chart_id: str,
    title: str,
    label_header: str,
    value_header: str,
    description: str = "",
    labelledby: str = "",
    table_in_details: bool = False,
) -> Chart:
    """Horizontal bars, one per (label, value) row, top to bottom, the longest filling the
    width; each bar has its value at its end and its full label as a tooltip."""
    table = ChartTable(
        caption=title, columns=(label_header, value_header), rows=tuple(map(tuple, rows))
    )
    if not rows:
        return _empty(chart_id, "bar", title, table)
    room = BAR_WIDTH - LABEL_WIDTH - VALUE_GAP - VALUE_WIDTH
    lengths = bar_lengths([value for _label, value in rows], room)
    bars = format_html_join(
        "",
        "<g><title>{}: {}</title>"
        '<text class="trama-chart-category" x="{}" y="{}" text-anchor="end" '
        'dominant-baseline="middle">{}</text>'
        '<rect class="trama-chart-bar" x="{}" y="{}" width="{}" height="{}"></rect>'
        '<text class="trama-chart-value" x="{}" y="{}" dominant-baseline="middle">{}</text></g>',
        (
            (
                label,
                display(value),
                LABEL_WIDTH - VALUE_GAP,
                _bar_row(index)[1],
                _short(label),
                LABEL_WIDTH,
                _bar_row(index)[0],
                f"{length:.1f}",
                BAR_HEIGHT,
                LABEL_WIDTH + length + VALUE_GAP,
                _bar_row(index)[1],
                display(value),
            )
            for index, ((label, value), length) in enumerate(zip(rows, lengths, strict=True))
        ),
    )
    top_label, top_value = max(rows, key=lambda row: row[1])
    description = description or _(
        "Highest: %(label)s, %(value)s. The table lists every value."
    ) % {"label": top_label, "value": display(top_value)}
    svg = _svg(
        chart_id=chart_id,
        css="trama-chart trama-bar-chart",
        width=BAR_WIDTH,
        height=len(rows) * (BAR_HEIGHT + ROW_GAP) + ROW_GAP,
        title=title,
        description=description,
        labelledby=labelledby,
        body=bars,
    )
    return Chart(chart_id, "bar", title, description, svg, table, table_in_details)


def stacked_bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    chart_id: str,
    title: str,
    category_header: str,
    description: str = "",
    labelledby: str = "",
    table_in_details: bool = False,
) -> Chart:
    """Horizontal bars, one per category, each split into the series' values in order (a
    legend above names them); the total is written at the bar's end and in the table's last
    column."""
    for layer in series:
        if len(layer.values) != len(categories):
            raise ValueError(f"series {layer.label!r}: one value per category expected")
    totals = [
        sum((max(layer.values[i], 0) for layer in series), start=0) for i in range(len(categories))
    ]
    table = ChartTable(
        caption=title,
        columns=(category_header, *(layer.label for layer in series), _("Total")),
        rows=tuple(
            (category, *(layer.values[i] for layer in series), totals[i])
            for i, category in enumerate(categories)
        ),
    )
    if not categories or not series:
        return _empty(chart_id, "stacked", title, table)
    legend = format_html_join(
        "",
        '<rect class="trama-chart-swatch trama-chart-series-{}" x="{}" y="{}" width="14" '
        'height="14"></rect><text class="trama-chart-category" x="{}" y="{}" '
        'dominant-baseline="middle">{}</text>',
        (
            (
                n % SERIES_CLASSES,
                LABEL_WIDTH,
                n * LEGEND_ROW + 4,
                LABEL_WIDTH + 20,
                n * LEGEND_ROW + 11,
                layer.label,
            )
            for n, layer in enumerate(series)
        ),
    )
    offset = len(series) * LEGEND_ROW + ROW_GAP
    room = BAR_WIDTH - LABEL_WIDTH - VALUE_GAP - VALUE_WIDTH
    scale = bar_lengths(totals, room)
    parts = []
    for i, category in enumerate(categories):
        top, middle = (offset + y for y in _bar_row(i))
        ratio = scale[i] / float(totals[i]) if totals[i] else 0.0
        x = float(LABEL_WIDTH)
        segments = []
        for n, layer in enumerate(series):
            length = ratio * max(float(layer.values[i]), 0.0)
            if length > 0:
                segments.append(
                    format_html(
                        '<rect class="trama-chart-segment trama-chart-series-{}" x="{}" y="{}" '
                        'width="{}" height="{}"><title>{}, {}: {}</title></rect>',
                        n % SERIES_CLASSES,
                        f"{x:.1f}",
                        top,
                        f"{length:.1f}",
                        BAR_HEIGHT,
                        category,
                        layer.label,
                        display(layer.values[i]),
                    )
                )
            x += length
        parts.append(
            format_html(
                '<g><text class="trama-chart-category" x="{}" y="{}" text-anchor="end" '
                'dominant-baseline="middle"><title>{}</title>{}</text>{}'
                '<text class="trama-chart-value" x="{}" y="{}" dominant-baseline="middle">{}'
                "</text></g>",
                LABEL_WIDTH - VALUE_GAP,
                middle,
                category,
                _short(category),
                _join(segments),
                LABEL_WIDTH + scale[i] + VALUE_GAP,
                middle,
                display(totals[i]),
            )
        )
    top_index = max(range(len(categories)), key=lambda i: totals[i])
    description = description or _(
        "Highest total: %(label)s, %(value)s. The table lists every value."
    ) % {"label": categories[top_index], "value": display(totals[top_index])}
    svg = _svg(
        chart_id=chart_id,
        css="trama-chart trama-stacked-chart",
        width=BAR_WIDTH,
        height=offset + len(categories) * (BAR_HEIGHT + ROW_GAP) + ROW_GAP,
        title=title,
        description=description,
        labelledby=labelledby,
        body=_join([legend, *parts]),
    )
    return Chart(chart_id, "stacked", title, description, svg, table, table_in_details)
